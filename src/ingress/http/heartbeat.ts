import { Observable, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Emits `frames()` whenever the source has been silent for `intervalMs` (a keep-alive event such
 * as Anthropic's `ping`, so that proxies and clients do not give up on a stream while the provider
 * thinks); nothing when `frames()` returns none. One timer per subscription, re-armed only when it
 * fires early; cleared when the source ends.
 */
export function withHeartbeat(intervalMs: number, frames: () => string[]): MonoTypeOperatorFunction<string[]> {
  return (source) =>
    new Observable<string[]>((subscriber) => {
      let last = performance.now();
      let timer: NodeJS.Timeout;
      const check = () => {
        const remaining = intervalMs - (performance.now() - last);
        if (remaining <= 0) {
          last = performance.now();
          const beat = frames();
          if (beat.length > 0) subscriber.next(beat);
        }
        timer = setTimeout(check, remaining > 0 ? remaining : intervalMs);
      };
      timer = setTimeout(check, intervalMs);
      const subscription = source.subscribe({
        next: (value) => {
          if (value.length > 0) last = performance.now();
          subscriber.next(value);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        clearTimeout(timer);
        subscription.unsubscribe();
      };
    });
}
