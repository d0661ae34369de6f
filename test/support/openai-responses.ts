import { STRUCTURED_TEXT } from './mock-server.js';
import { toolCallId, type Flavour } from './openai-flavours.js';
import { openAiToolScenario, type ToolScenario } from './tool-call-scenario.js';

export interface Scenario {
  tools: boolean;
  /** `#interleaved`: two parallel tool calls whose argument fragments alternate (as some providers stream them). */
  interleaved: boolean;
  /** `#reasoning`: reasoning text first (`reasoning_content`, as DeepSeek and vLLM send it). */
  reasoning: boolean;
  errorStatus?: number;
  truncate: boolean;
  midStreamError: boolean;
  hang: boolean;
  slowMs: number;
  /** Number of content chunks for a long stream (0: the default two). */
  chunks: number;
}

export const MOCK_USAGE = { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 };
/** llama-server's own figures beside `usage`. */
const LLAMACPP_TIMINGS = { cache_n: 0, prompt_n: 9, prompt_ms: 12.5, prompt_per_second: 720, predicted_n: 4, predicted_ms: 40.1, predicted_per_second: 99.75 };
export const MOCK_REASONING = 'The user greets me; I greet back.';
const CREATED = 1760000001;

function firstToolName(body: Record<string, unknown>): string {
  const tools = body.tools as Array<{ function?: { name?: string } }> | undefined;
  return tools?.[0]?.function?.name ?? 'get_weather';
}

/** The request asks for a JSON answer (`response_format` json_schema or json_object). */
function wantsJson(body: Record<string, unknown>): boolean {
  const type = (body.response_format as { type?: unknown } | undefined)?.type;
  return type === 'json_schema' || type === 'json_object';
}

export function textOf(flavour: Flavour): string {
  return `Hello from ${flavour}!`;
}

/** The calls of the `#call:` scenario, with ids unique in the conversation. */
function requestedToolCalls(flavour: Flavour, tool: ToolScenario | undefined) {
  if (!tool || !('calls' in tool)) return undefined;
  return tool.calls.map((call, index) => ({ id: `call_${flavour}_${tool.turn}_${index}`, type: 'function', function: call }));
}

/** A non-streaming `chat.completion` as the provider sends it. */
export function completionFor(flavour: Flavour, body: Record<string, unknown>, scenario: Scenario): unknown {
  const tool = openAiToolScenario(body);
  const toolCalls =
    requestedToolCalls(flavour, tool) ??
    (scenario.tools
      ? [
          { id: toolCallId(flavour, 0), type: 'function', function: { name: firstToolName(body), arguments: '{"city":"Paris"}' } },
          { id: toolCallId(flavour, 1), type: 'function', function: { name: firstToolName(body), arguments: '{"city":"Rome"}' } },
        ]
      : undefined);
  const answer = tool && 'answer' in tool ? tool.answer : undefined;
  return {
    id: `chatcmpl-${flavour}-1`,
    object: 'chat.completion',
    created: CREATED,
    model: body.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: toolCalls ? null : (answer ?? (wantsJson(body) ? STRUCTURED_TEXT : textOf(flavour))),
          ...(scenario.reasoning ? { reasoning_content: MOCK_REASONING } : {}),
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
      },
    ],
    usage: MOCK_USAGE,
    ...(flavour === 'ollama' ? { system_fingerprint: 'fp_ollama' } : {}),
    ...(flavour === 'groq' ? { x_groq: { id: 'req_01groq' } } : {}),
    ...(flavour === 'llamacpp' ? { timings: LLAMACPP_TIMINGS } : {}),
  };
}

/** The SSE events a provider sends for a stream, including its quirks. */
export function streamEventsFor(flavour: Flavour, body: Record<string, unknown>, scenario: Scenario): string[] {
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    id: `chatcmpl-${flavour}-2`,
    object: 'chat.completion.chunk',
    created: CREATED,
    model: body.model,
    choices,
    ...(includeUsage ? { usage: null } : {}),
    ...extra,
  });
  const delta = (value: Record<string, unknown>, finish: string | null = null) => ({ index: 0, delta: value, logprobs: null, finish_reason: finish });

  const chunks: unknown[] = [chunk([delta({ role: 'assistant', content: '' })], flavour === 'groq' ? { x_groq: { id: 'req_01groq' } } : {})];
  if (scenario.reasoning) {
    const middle = Math.ceil(MOCK_REASONING.length / 2);
    for (const piece of [MOCK_REASONING.slice(0, middle), MOCK_REASONING.slice(middle)]) chunks.push(chunk([delta({ reasoning_content: piece })]));
  }
  let finish = 'stop';
  const tool = openAiToolScenario(body);
  const requested = requestedToolCalls(flavour, tool);
  if (requested) {
    // Each call's id and name first, then its arguments, as OpenAI streams them.
    for (const [index, call] of requested.entries()) {
      chunks.push(chunk([delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] })]));
      chunks.push(chunk([delta({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] })]));
    }
    finish = 'tool_calls';
  } else if (tool && 'answer' in tool) {
    const middle = Math.ceil(tool.answer.length / 2);
    for (const piece of [tool.answer.slice(0, middle), tool.answer.slice(middle)]) chunks.push(chunk([delta({ content: piece })]));
  } else if (scenario.tools) {
    const name = firstToolName(body);
    if (scenario.interleaved) {
      chunks.push(chunk([delta({ tool_calls: [{ index: 0, id: toolCallId(flavour, 0), type: 'function', function: { name, arguments: '' } }] })]));
      chunks.push(chunk([delta({ tool_calls: [{ index: 1, id: toolCallId(flavour, 1), type: 'function', function: { name, arguments: '' } }] })]));
      chunks.push(chunk([delta({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] })]));
      chunks.push(chunk([delta({ tool_calls: [{ index: 1, function: { arguments: '{"city":' } }] })]));
      chunks.push(chunk([delta({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Paris"}' } }] })]));
      chunks.push(chunk([delta({ tool_calls: [{ index: 1, function: { arguments: '"Rome"}' } }] })]));
    } else if (flavour === 'openai' || flavour === 'deepseek') {
      // Fragmented arguments, two parallel calls (OpenAI's own pattern).
      chunks.push(chunk([delta({ tool_calls: [{ index: 0, id: toolCallId(flavour, 0), type: 'function', function: { name, arguments: '' } }] })]));
      chunks.push(chunk([delta({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] })]));
      chunks.push(chunk([delta({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Paris"}' } }] })]));
      chunks.push(chunk([delta({ tool_calls: [{ index: 1, id: toolCallId(flavour, 1), type: 'function', function: { name, arguments: '' } }] })]));
      chunks.push(chunk([delta({ tool_calls: [{ index: 1, function: { arguments: '{"city":"Rome"}' } }] })]));
    } else {
      // Whole calls in one delta (Ollama, Mistral, Gemini, Groq).
      chunks.push(
        chunk([
          delta({
            tool_calls: [
              { index: 0, id: toolCallId(flavour, 0), type: 'function', function: { name, arguments: '{"city":"Paris"}' } },
              { index: 1, id: toolCallId(flavour, 1), type: 'function', function: { name, arguments: '{"city":"Rome"}' } },
            ],
          }),
        ]),
      );
    }
    // Gemini's OpenAI endpoint reports `stop` after streamed tool calls.
    finish = flavour === 'google' ? 'stop' : 'tool_calls';
  } else {
    const pieces =
      scenario.chunks > 0
        ? Array.from({ length: scenario.chunks }, (_, i) => `t${i} `)
        : wantsJson(body)
          ? [STRUCTURED_TEXT.slice(0, 10), STRUCTURED_TEXT.slice(10)]
          : ['Hel', 'lo!'];
    for (const piece of pieces) chunks.push(chunk([delta({ content: piece })]));
  }
  if (scenario.midStreamError) {
    return [
      ...chunks.slice(0, 2).map(frame),
      frame({ error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } }),
    ];
  }

  if (flavour === 'mistral') {
    // Usage always comes in the chunk that carries the finish reason.
    chunks.push(chunk([delta({}, finish)], { usage: MOCK_USAGE }));
  } else if (flavour === 'groq') {
    chunks.push(chunk([delta({}, finish)], { x_groq: { id: 'req_01groq', usage: { ...MOCK_USAGE, queue_time: 0.01 } } }));
    if (includeUsage) chunks.push(chunk([], { usage: MOCK_USAGE }));
  } else {
    chunks.push(chunk([delta({}, finish)], flavour === 'llamacpp' ? { timings: LLAMACPP_TIMINGS } : {}));
    if (includeUsage) chunks.push(chunk([], { usage: MOCK_USAGE }));
  }
  return [...chunks.map(frame), 'data: [DONE]\n\n'];
}

const frame = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
