import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { HubFinish, HubFinishReason } from '../../hub/hub-finish-reason.js';

const FINISH_REASONS: Record<string, HubFinishReason> = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop-sequence',
  MAX_TOKENS: 'length',
  TOOL_CALL: 'tool-calls',
};

/**
 * Cohere `finish_reason` in the hub's terms. `ERROR` and `TIMEOUT` mean the generation failed, so
 * they throw (502 and 504) with Cohere's error text when it sent one.
 */
export function mapCohereFinishReason(reason: string | null | undefined, errorMessage?: string | null): HubFinish {
  if (reason === 'ERROR') {
    throw new UpstreamError(502, errorMessage || 'The provider reported an error while generating.', { type: 'api_error', code: 'generation_failed' });
  }
  if (reason === 'TIMEOUT') {
    throw new UpstreamError(504, errorMessage || 'The provider timed out while generating.', { type: 'timeout_error', code: 'generation_timeout' });
  }
  return { reason: (reason && FINISH_REASONS[reason]) || 'stop', ...(reason ? { raw: reason } : {}) };
}
