import { Observable, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Errors with `timedOut()` when the source emits nothing for `first` ms after it is subscribed
 * and, when `each` is set, for `each` ms between two emissions (with `each` unset the bound ends at
 * the first emission). One timer per subscription, re-armed only when it fires before its time:
 * cheaper than RxJS's `timeout`, which sets a new timer for every value of a long stream.
 */
export function idleTimeout<T>(first: number, each: number | undefined, timedOut: () => Error): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let last = performance.now();
      let seen = false;
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        const limit = seen ? each : first;
        if (limit === undefined) return;
        const remaining = limit - (performance.now() - last);
        if (remaining > 0) {
          timer = setTimeout(check, remaining);
          return;
        }
        subscription.unsubscribe();
        subscriber.error(timedOut());
      };
      timer = setTimeout(check, first);
      const subscription = source.subscribe({
        next: (value) => {
          last = performance.now();
          if (!seen) {
            seen = true;
            if (each === undefined) clearTimeout(timer);
          }
          subscriber.next(value);
        },
        error: (error: unknown) => {
          clearTimeout(timer);
          subscriber.error(error);
        },
        complete: () => {
          clearTimeout(timer);
          subscriber.complete();
        },
      });
      return () => {
        clearTimeout(timer);
        subscription.unsubscribe();
      };
    });
}
