import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { GatewayError } from '../../src/common/errors/gateway-error.js';
import type { ChatCompletionChunk } from '../../src/common/openai/chat-completion.types.js';
import { readSseEvents } from '../../src/common/sse/sse-reader.js';
import type { HubEvent } from '../../src/hub/hub-event.js';
import { createOpenAiChatStreamEncoder, type OpenAiChatStreamOptions } from '../../src/ingress/openai-chat/openai-chat.stream-encoder.js';
import type { SseDecoder } from '../../src/providers/upstream-call.js';

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

export interface DecodedFixture {
  events: HubEvent[];
  /** What the decoder threw (an `error` event, a failed generation, a truncated stream). */
  error?: GatewayError;
  /** Whether the decoder saw the provider's final event before the bytes ran out. */
  finished: boolean;
}

/** Feeds a fixture through a decoder the way the strategies do: every event's data in order, flush at the end. */
export async function decodeFixture(url: URL, decoder: SseDecoder): Promise<DecodedFixture> {
  const events: HubEvent[] = [];
  let finished = false;
  try {
    for (const data of await readFixtureEvents(url)) {
      if (decoder.finished) continue;
      events.push(...decoder.decode(data, undefined));
      finished = decoder.finished;
    }
    if (!finished) events.push(...decoder.flush());
    return { events, finished };
  } catch (error) {
    return { events, error: error as GatewayError, finished };
  }
}

export interface TranslationResult {
  /** What an OpenAI Chat Completions client receives. */
  chunks: ChatCompletionChunk[];
  error?: GatewayError;
  finished: boolean;
}

/** A fixture decoded into hub events and rendered as the OpenAI chunks a client receives. */
export async function translateFixture(url: URL, decoder: SseDecoder, options: OpenAiChatStreamOptions): Promise<TranslationResult> {
  const { events, error, finished } = await decodeFixture(url, decoder);
  const encoder = createOpenAiChatStreamEncoder(options);
  const chunks = events.flatMap((event) => encoder.encode(event)).map((frame) => JSON.parse(frame.replace(/^data: /, '')) as ChatCompletionChunk);
  return { chunks, error, finished };
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
