import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { createNamedEventRelayDecoder } from '../relay-frame.js';
import { parseEventData, type SseDecoder } from '../upstream-call.js';
import { fromResponsesUsage } from './openai-compatible.responses-relay.js';

/** Paths of OpenAI's Images API under a provider's base URL, for the operations it serves. */
export type ImagesSupport = Partial<Record<'generations' | 'edits' | 'variations', string>>;

interface ImagesAnswer {
  usage?: Parameters<typeof fromResponsesUsage>[0] | null;
}

/** What accounting needs of an answer: its start, the usage of GPT image models, and its end. */
function accountingOf(answer: ImagesAnswer | undefined): HubEvent[] {
  const events: HubEvent[] = [];
  if (answer?.usage && typeof answer.usage === 'object') events.push({ type: 'usage', usage: fromResponsesUsage(answer.usage) });
  events.push({ type: 'finish', finish: { reason: 'stop', raw: 'completed' }, relayed: true });
  return events;
}

/** An `ImagesResponse` (`{created, data: [{b64_json | url, revised_prompt}], usage}`), relayed as it came. */
export function fromRelayedImages(text: string): HubEvent[] {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch (error) {
    throw new UpstreamError(502, 'The provider answered with a body that is not JSON.', { type: 'api_error', cause: error });
  }
  if (!answer || typeof answer !== 'object' || !Array.isArray((answer as { data?: unknown }).data)) {
    throw new UpstreamError(502, 'The provider answered with a body that is not an images response.', { type: 'api_error' });
  }
  return [{ type: 'response-start', relayed: true }, { type: 'frame', data: text }, ...accountingOf(answer)];
}

/**
 * A streamed image (GPT image models): `image_generation.partial_image` events (`image_edit.*` for
 * edits), then `*.completed` with the final image and the usage. Every event is passed on with its
 * name and data as they came; the stream is complete after its completed event, or after an
 * `error` event the provider ends the body with.
 */
export function createImagesRelayDecoder(): SseDecoder {
  let started = false;
  return createNamedEventRelayDecoder((name, data) => {
    const before: HubEvent[] = started ? [] : [{ type: 'response-start', relayed: true }];
    started = true;
    if (name?.endsWith('.completed')) return { before, after: accountingOf(parseEventData(data) as ImagesAnswer), last: true };
    return { before };
  });
}
