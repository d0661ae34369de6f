/**
 * A tool the gateway ran itself (an MCP server's), as text for dialects that have no place of their
 * own for it (OpenAI chat, Anthropic Messages): one line for the call, one for what it gave back,
 * each opening with a bracketed `[MCP …]` mark so a client (or a reader) can tell it from the
 * model's words. A long result is cut here; the model was given all of it.
 */

/** The most of a tool's result shown to the client. */
export const SHOWN_RESULT_CHARACTERS = 2000;

/** Written before the call line when the answer already has text, so the call starts a paragraph. */
export const SERVER_TOOL_BREAK = '\n\n';

export function serverToolCallText(call: { name: string; server: string; arguments: string }): string {
  return `[MCP tool call] ${call.name} (${call.server}) ${oneLine(call.arguments || '{}')}\n`;
}

export function serverToolResultText(result: { output: string; isError: boolean }): string {
  const shown =
    result.output.length > SHOWN_RESULT_CHARACTERS
      ? `${result.output.slice(0, SHOWN_RESULT_CHARACTERS)}… (${result.output.length - SHOWN_RESULT_CHARACTERS} more characters)`
      : result.output;
  return `[MCP tool ${result.isError ? 'error' : 'result'}] ${shown}\n\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
