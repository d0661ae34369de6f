import type { Observable, Subscriber } from 'rxjs';
import { fromError } from '../../common/errors/from-error.js';
import { ClientClosedRequestError } from '../../common/errors/gateway-error.js';
import type { HubEvent } from '../../hub/hub-event.js';

/** A call that has started answering: nothing of it has reached the client yet. */
export interface StartedCall {
  /** Passes on what the call emitted so far, then the rest as it comes. */
  attach(subscriber: Subscriber<HubEvent>): void;
  /** Abandons the call (the upstream request is aborted). */
  cancel(): void;
}

export interface CallWatcher {
  /** The first event arrived (or the call ended without one). */
  started(): void;
  /** The call ended, by completing (no error), failing, or being cancelled. Called once. */
  ended(error?: unknown): void;
}

/**
 * Subscribes to one provider call and settles at its first event: resolved with the call, whose
 * events are held until someone attaches, or rejected with the error that ended it before any
 * event (as a gateway error). Before that point the call can still be retried or replaced without the client noticing;
 * after it, its events (and any error) belong to the client. `stop` abandons a call still waiting
 * for its first event (the request was given up).
 */
export function awaitFirstEvent(events: Observable<HubEvent>, watcher: CallWatcher, stop: AbortSignal): Promise<StartedCall> {
  return new Promise<StartedCall>((resolve, reject) => {
    let target: Subscriber<HubEvent> | undefined;
    const held: Array<(subscriber: Subscriber<HubEvent>) => void> = [];
    /** Whether the promise has settled: the call started answering, failed first, or was abandoned. */
    let settled = false;
    let ended = false;
    const end = (error?: unknown) => {
      if (ended) return;
      ended = true;
      watcher.ended(error);
    };
    const deliver = (send: (subscriber: Subscriber<HubEvent>) => void) => {
      if (target) send(target);
      else held.push(send);
    };
    const call: StartedCall = {
      attach(subscriber) {
        target = subscriber;
        for (const send of held.splice(0)) send(subscriber);
      },
      cancel() {
        subscription.unsubscribe();
        end();
      },
    };
    const abandon = () => {
      if (settled) return;
      settled = true;
      subscription.unsubscribe();
      end();
      reject(new ClientClosedRequestError('The client closed the request.'));
    };
    const start = () => {
      if (settled) return;
      settled = true;
      stop.removeEventListener('abort', abandon);
      watcher.started();
      resolve(call);
    };
    stop.addEventListener('abort', abandon, { once: true });
    const subscription = events.subscribe({
      next(event) {
        start();
        deliver((subscriber) => subscriber.next(event));
      },
      error(error: unknown) {
        end(error);
        if (!settled) {
          settled = true;
          stop.removeEventListener('abort', abandon);
          reject(fromError(error));
          return;
        }
        deliver((subscriber) => subscriber.error(error));
      },
      complete() {
        end();
        start();
        deliver((subscriber) => subscriber.complete());
      },
    });
  });
}
