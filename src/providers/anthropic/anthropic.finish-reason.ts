import type { FinishReason } from '../../common/openai/chat-completion.types.js';

const FINISH_REASONS: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  // A server-tool turn paused for the client to resend; OpenAI has no equivalent.
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** Anthropic `stop_reason` to OpenAI `finish_reason`; unknown or missing reasons are `stop`. */
export function mapAnthropicFinishReason(stopReason: string | null | undefined): FinishReason {
  return (stopReason && FINISH_REASONS[stopReason]) || 'stop';
}
