import type { HubFinish, HubFinishReason } from '../../hub/hub-finish-reason.js';
import type { HubUsage } from '../../hub/hub-usage.js';
import type { MessagesStopReason, MessagesUsage } from './anthropic-messages.types.js';

const STOP_REASONS: Readonly<Record<HubFinishReason, MessagesStopReason | undefined>> = {
  stop: 'end_turn',
  'stop-sequence': 'stop_sequence',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  pause: 'pause_turn',
  other: undefined,
};

const KNOWN = new Set<string>(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal', 'model_context_window_exceeded']);

/**
 * A hub finish as Anthropic's `stop_reason` and `stop_sequence`. An answer that called tools stops
 * with `tool_use` whatever the provider said (some say `stop` after tool calls); a stop sequence is
 * named when the provider said which; a reason of the provider's own is `end_turn` unless it is one
 * of Anthropic's.
 */
export function toStopReason(finish: HubFinish | undefined, calledTools: boolean): { stop_reason: MessagesStopReason; stop_sequence: string | null } {
  let reason: MessagesStopReason =
    (finish && STOP_REASONS[finish.reason]) ?? (finish?.raw && KNOWN.has(finish.raw) ? (finish.raw as MessagesStopReason) : 'end_turn');
  if (calledTools && (reason === 'end_turn' || reason === 'stop_sequence')) reason = 'tool_use';
  const stopSequence = reason === 'stop_sequence' && finish?.stopSequence !== undefined ? finish.stopSequence : null;
  return { stop_reason: stopSequence === null && reason === 'stop_sequence' ? 'end_turn' : reason, stop_sequence: stopSequence };
}

/**
 * Hub usage as Anthropic reports it: `input_tokens` without the cached input, which is counted in
 * `cache_read_input_tokens` and `cache_creation_input_tokens` (given when the provider said).
 */
export function toMessagesUsage(usage: HubUsage): MessagesUsage {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheWrite),
    output_tokens: usage.outputTokens,
    ...(usage.cacheWriteTokens !== undefined ? { cache_creation_input_tokens: usage.cacheWriteTokens } : {}),
    ...(usage.cacheReadTokens !== undefined ? { cache_read_input_tokens: usage.cacheReadTokens } : {}),
  };
}
