import { ApiError, errorDetailOf } from '../api/api-error';
import { gatewayFetch } from '../api/gateway-fetch';
import { readSseData } from '../api/sse-data';
import type { ChatCompletionChunk, ChatRequest } from '../api/wire-types';
import { applyChunk, newAnswer, type Answer } from './answer';

/**
 * Sends a streaming chat completion and reports the answer after every chunk. Resolves with the
 * final answer: complete after `data: [DONE]`, or with `error` set when the stream failed
 * (`data: {"error": ...}`, or it ended without [DONE]) or `stopped` when `signal` aborted it.
 * A refused request (non-2xx) rejects with an ApiError.
 */
export async function streamChat(request: ChatRequest, signal: AbortSignal, onUpdate: (answer: Answer) => void): Promise<Answer> {
  let answer = newAnswer(performance.now());
  const finish = (changes: Partial<Answer>): Answer => ({ ...answer, ...changes, endedAt: performance.now() });
  try {
    const response = await gatewayFetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal,
    });
    if (!response.body) throw new ApiError(response.status, { message: 'the answer had no body' });
    for await (const data of readSseData(response.body)) {
      if (data === '[DONE]') return finish({});
      const detail = errorDetailOf(data);
      if (detail) return finish({ error: `The answer stopped: ${detail.message}` });
      answer = applyChunk(answer, JSON.parse(data) as ChatCompletionChunk, performance.now());
      onUpdate(answer);
    }
    return finish({ error: 'The answer is incomplete: the stream ended early.' });
  } catch (error) {
    if (signal.aborted) return finish({ stopped: true });
    throw error;
  }
}
