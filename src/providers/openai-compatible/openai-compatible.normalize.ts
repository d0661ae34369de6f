import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { ChatCompletion } from '../../common/openai/chat-completion.types.js';
import type { OpenAiCompatiblePreset } from './openai-compatible.presets.js';

type FinishReasons = OpenAiCompatiblePreset['finishReasons'];

/** Maps a provider's finish reason to OpenAI's; throws for reasons that mean the generation failed. */
export function mapFinishReason(reason: string | null, sawToolCalls: boolean, table: FinishReasons): string | null {
  if (reason === null || reason === undefined) return null;
  const mapped = table?.[reason];
  if (typeof mapped === 'object') throw new UpstreamError(503, mapped.fail, { type: 'server_error', code: reason });
  const finish = mapped ?? reason;
  // Gemini (in streams) and some local servers report `stop` after producing tool calls.
  return finish === 'stop' && sawToolCalls ? 'tool_calls' : finish;
}

/** Fixes a non-streaming completion's provider quirks in place. */
export function normalizeCompletion(completion: ChatCompletion, preset: OpenAiCompatiblePreset): ChatCompletion {
  if (Array.isArray(completion.choices)) {
    for (const choice of completion.choices) {
      if (!choice || typeof choice !== 'object') continue;
      const sawToolCalls = Array.isArray(choice.message?.tool_calls) && choice.message.tool_calls.length > 0;
      choice.finish_reason = mapFinishReason(choice.finish_reason, sawToolCalls, preset.finishReasons);
    }
  }
  return completion;
}

/** An upstream answer that is not a completion object is the provider's fault. */
export function assertCompletion(body: unknown): ChatCompletion {
  const choices = (body as ChatCompletion | null)?.choices;
  if (!body || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(choices) || choices.some((choice) => !choice || typeof choice !== 'object')) {
    throw new UpstreamError(502, 'The provider answered with something that is not a chat completion.', {
      type: 'api_error',
      code: 'invalid_upstream_response',
    });
  }
  return body as ChatCompletion;
}
