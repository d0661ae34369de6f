import type { HubFinish, HubFinishReason } from '../../hub/hub-finish-reason.js';

const FINISH_REASONS: Record<string, HubFinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop-sequence',
  // A server-tool turn paused for the client to resend.
  pause_turn: 'pause',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
};

/** Anthropic `stop_reason` in the hub's terms; unknown or missing reasons are `stop`. */
export function mapAnthropicStopReason(stopReason: string | null | undefined, stopSequence?: string | null): HubFinish {
  const reason = (stopReason && FINISH_REASONS[stopReason]) || 'stop';
  return {
    reason,
    ...(stopReason ? { raw: stopReason } : {}),
    ...(typeof stopSequence === 'string' && stopSequence ? { stopSequence } : {}),
  };
}
