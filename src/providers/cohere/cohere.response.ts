import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { HubBlockSequencer } from '../hub-blocks.js';
import { mapCohereFinishReason } from './cohere.finish-reason.js';
import type { CohereResponse } from './cohere.types.js';
import { fromCohereUsage } from './cohere.usage.js';

/**
 * A Cohere v2 chat response as the hub events of a whole answer: thinking and the `tool_plan` as
 * one reasoning block (joined by newlines), the text items as one text block, then the tool calls
 * (arguments as JSON text). Cohere does not echo the model: `model` is the one that was asked for.
 */
export function fromCohereResponse(response: CohereResponse, model: string): HubEvent[] {
  if (!response || typeof response !== 'object' || typeof response.id !== 'string') {
    throw new UpstreamError(502, 'The provider answered with a response the gateway cannot read.', { type: 'api_error' });
  }
  const finish = mapCohereFinishReason(response.finish_reason);
  const message = response.message ?? {};
  const content = Array.isArray(message.content) ? message.content : [];
  const blocks = new HubBlockSequencer();
  const events: HubEvent[] = [{ type: 'response-start', id: response.id, model }];
  const reasoning = [
    ...content.filter((item) => item?.type === 'thinking' && typeof item.thinking === 'string').map((item) => item.thinking as string),
    ...(typeof message.tool_plan === 'string' && message.tool_plan ? [message.tool_plan] : []),
  ];
  if (reasoning.length > 0) events.push(...blocks.reasoning('reasoning', reasoning.join('\n')), ...blocks.close());
  const texts = content.filter((item) => item?.type === 'text' && typeof item.text === 'string').map((item) => item.text as string);
  if (texts.length > 0) events.push(...blocks.text('text', texts.join('')), ...blocks.close());
  for (const [index, call] of (Array.isArray(message.tool_calls) ? message.tool_calls : []).entries()) {
    if (typeof call?.id !== 'string' || typeof call.function?.name !== 'string') continue;
    const raw = call.function.arguments;
    const args = typeof raw === 'string' ? raw || '{}' : JSON.stringify(raw ?? {});
    const key = `tool:${index}`;
    events.push(...blocks.toolCall(key, call.id, call.function.name), ...blocks.toolArguments(key, args), ...blocks.close());
  }
  events.push({ type: 'usage', usage: fromCohereUsage(response.usage) }, { type: 'finish', finish });
  return events;
}
