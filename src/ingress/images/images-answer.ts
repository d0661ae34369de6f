import type { Response } from 'express';
import { Observable, Subject, type Subscription } from 'rxjs';
import type { RequestContext } from '../../common/context/request-context.js';
import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { answerWithJson, answerWithStream } from '../http/inference-response.js';
import { IMAGES_DIALECT } from './images.dialect.js';

/** A relayed event as Server-Sent Events: its name, when it has one, and its data. */
function toFrame(event: HubEvent): string[] {
  if (event.type !== 'frame') return [];
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  return [event.event ? `event: ${event.event}\ndata: ${data}\n\n` : `data: ${data}\n\n`];
}

/**
 * Answers an Images API call with the provider's answer as it came: one JSON body, or (when the
 * client asked for a stream) the provider's events. Whether it streams is decided when the first
 * event arrives: a form's `stream` field may come after its files, and the provider answers only
 * once it has the whole form.
 */
export function answerImages(
  response: Response,
  context: RequestContext,
  events: Observable<HubEvent>,
  options: { streaming(): boolean; writeTimeoutMs: number },
): Observable<unknown> {
  return new Observable<unknown>((subscriber) => {
    const relayed = new Subject<HubEvent>();
    let answering: Subscription | undefined;
    const start = () => {
      const answer = options.streaming()
        ? answerWithStream(response, context, { dialect: IMAGES_DIALECT, writeTimeoutMs: options.writeTimeoutMs, encode: toFrame, run: () => relayed })
        : answerWithJson(response, relayed, (whole) => {
            if (!whole.frame) throw new UpstreamError(502, 'The provider ended its answer without an image response.', { type: 'api_error' });
            return whole.frame.data;
          });
      answering = answer.subscribe(subscriber);
    };
    const source = events.subscribe({
      next: (event) => {
        if (!answering) start();
        relayed.next(event);
      },
      error: (error: unknown) => (answering ? relayed.error(error) : subscriber.error(error)),
      complete: () => {
        if (!answering) start();
        relayed.complete();
      },
    });
    return () => {
      source.unsubscribe();
      answering?.unsubscribe();
    };
  });
}
