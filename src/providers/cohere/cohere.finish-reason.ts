import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { FinishReason } from '../../common/openai/chat-completion.types.js';

const FINISH_REASONS: Record<string, FinishReason> = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop',
  MAX_TOKENS: 'length',
  TOOL_CALL: 'tool_calls',
};

/**
 * Cohere `finish_reason` to OpenAI `finish_reason`. `ERROR` and `TIMEOUT` mean the generation
 * failed, so they throw (502 and 504) with Cohere's error text when it sent one.
 */
export function mapCohereFinishReason(reason: string | null | undefined, errorMessage?: string | null): FinishReason {
  if (reason === 'ERROR') {
    throw new UpstreamError(502, errorMessage || 'The provider reported an error while generating.', { type: 'api_error', code: 'generation_failed' });
  }
  if (reason === 'TIMEOUT') {
    throw new UpstreamError(504, errorMessage || 'The provider timed out while generating.', { type: 'timeout_error', code: 'generation_timeout' });
  }
  return (reason && FINISH_REASONS[reason]) || 'stop';
}
