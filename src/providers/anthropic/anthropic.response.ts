import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { HubBlockSequencer } from '../hub-blocks.js';
import { mapAnthropicStopReason } from './anthropic.finish-reason.js';
import type { AnthropicResponse } from './anthropic.types.js';
import { fromAnthropicUsage } from './anthropic.usage.js';

/**
 * An Anthropic message as the hub events of a whole answer: text, thinking (with its signature),
 * redacted thinking and `tool_use` blocks in order; other blocks (server tools, their results)
 * have no hub form and are left out.
 */
export function fromAnthropicResponse(message: AnthropicResponse): HubEvent[] {
  if (!message || typeof message !== 'object' || !Array.isArray(message.content)) {
    throw new UpstreamError(502, 'The provider answered with a message the gateway cannot read.', { type: 'api_error' });
  }
  const blocks = new HubBlockSequencer();
  const events: HubEvent[] = [{ type: 'response-start', id: message.id, model: message.model }];
  message.content.forEach((block, position) => {
    const key = String(position);
    if (block?.type === 'text' && typeof block.text === 'string') events.push(...blocks.text(key, block.text));
    else if (block?.type === 'thinking' && typeof block.thinking === 'string') {
      events.push(...blocks.reasoning(key, block.thinking));
      if (typeof block.signature === 'string') blocks.signature(key, block.signature);
    } else if (block?.type === 'redacted_thinking' && typeof block.data === 'string') events.push(...blocks.redactedReasoning(block.data));
    else if (block?.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
      events.push(...blocks.toolCall(key, block.id, block.name), ...blocks.toolArguments(key, JSON.stringify(block.input ?? {})));
    }
    events.push(...blocks.end(key));
  });
  events.push(
    { type: 'usage', usage: fromAnthropicUsage(message.usage) },
    { type: 'finish', finish: mapAnthropicStopReason(message.stop_reason, message.stop_sequence) },
  );
  return events;
}
