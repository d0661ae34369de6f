import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { GatewayError } from '../../src/common/errors/gateway-error.js';
import type { ChatCompletionChunk } from '../../src/common/openai/chat-completion.types.js';
import { readSseEvents } from '../../src/common/sse/sse-reader.js';
import type { StreamTranslator } from '../../src/providers/translated-sse-stream.js';

/** The raw bytes of a recorded SSE fixture (`__fixtures__/<scenario>.chunks.txt`). */
export function readFixtureBytes(url: URL): Buffer {
  return readFileSync(url);
}

/**
 * The `data:` payloads of a recorded SSE fixture, parsed by the gateway's own SSE reader (fed in
 * small pieces, so events and UTF-8 characters are split across reads as on a real socket).
 */
export async function readFixtureEvents(url: URL, pieceSize = 7): Promise<string[]> {
  const bytes = readFixtureBytes(url);
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += pieceSize) pieces.push(bytes.subarray(offset, offset + pieceSize));
  const events: string[] = [];
  for await (const event of readSseEvents(Readable.from(pieces))) events.push(event.data);
  return events;
}

export interface TranslationResult {
  chunks: ChatCompletionChunk[];
  /** What the translator threw (an `error` event, a failed generation, a truncated stream). */
  error?: GatewayError;
  /** Whether the translator saw the provider's final event before the bytes ran out. */
  finished: boolean;
}

/** Feeds a fixture through a translator the way the strategies do: `[DONE]` skipped, flush at the end. */
export async function translateFixture(url: URL, translator: StreamTranslator): Promise<TranslationResult> {
  const chunks: ChatCompletionChunk[] = [];
  let finished = false;
  try {
    for (const data of await readFixtureEvents(url)) {
      if (data === '[DONE]' || translator.finished) continue;
      chunks.push(...translator.translate(JSON.parse(data)));
      finished = translator.finished;
    }
    if (!finished) chunks.push(...translator.flush());
    return { chunks, finished };
  } catch (error) {
    return { chunks, error: error as GatewayError, finished };
  }
}

/** The text a client assembles from chunks. */
export const contentOf = (chunks: ChatCompletionChunk[]) => chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
export const reasoningOf = (chunks: ChatCompletionChunk[]) => chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? '').join('');

/** Tool calls as a client assembles them from deltas: by index, the first fragment naming id and function. */
export function toolCallsOf(chunks: ChatCompletionChunk[]): Array<{ index: number; id?: string; name?: string; arguments: string }> {
  const calls = new Map<number, { index: number; id?: string; name?: string; arguments: string }>();
  for (const chunk of chunks) {
    for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
      const call = calls.get(delta.index) ?? { index: delta.index, arguments: '' };
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name = delta.function.name;
      call.arguments += delta.function?.arguments ?? '';
      calls.set(delta.index, call);
    }
  }
  return [...calls.values()].sort((a, b) => a.index - b.index);
}
