import { jest } from '@jest/globals';
import { Subject } from 'rxjs';
import { idleTimeout } from './idle-timeout.js';

// Timer-driven: Jest's fake timers move the clock, performance.now() included.
describe('idleTimeout', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick'] }));
  afterEach(() => jest.useRealTimers());

  function watch(first: number, each: number | undefined) {
    const source = new Subject<number>();
    const seen: number[] = [];
    let error: Error | undefined;
    let completed = false;
    const subscription = source.pipe(idleTimeout<number>(first, each, () => new Error('timed out'))).subscribe({
      next: (value) => seen.push(value),
      error: (caught: Error) => (error = caught),
      complete: () => (completed = true),
    });
    return { source, seen, subscription, error: () => error, completed: () => completed };
  }

  it('fails when nothing comes within the first bound', () => {
    const run = watch(1_000, 200);
    jest.advanceTimersByTime(999);
    expect(run.error()).toBeUndefined();
    jest.advanceTimersByTime(2);
    expect(run.error()?.message).toBe('timed out');
    expect(run.source.observed).toBe(false);
  });

  it('bounds the silence between values, not the whole stream', () => {
    const run = watch(1_000, 200);
    for (let index = 0; index < 20; index++) {
      jest.advanceTimersByTime(150);
      run.source.next(index);
    }
    expect(run.error()).toBeUndefined();
    expect(run.seen).toHaveLength(20);
    jest.advanceTimersByTime(201);
    expect(run.error()?.message).toBe('timed out');
  });

  it('stops bounding at the first value when no bound between values is set', () => {
    const run = watch(1_000, undefined);
    jest.advanceTimersByTime(500);
    run.source.next(1);
    jest.advanceTimersByTime(10_000);
    run.source.complete();
    expect(run.error()).toBeUndefined();
    expect(run.completed()).toBe(true);
  });

  it('leaves no timer behind once the source ends or the subscriber leaves', () => {
    const ended = watch(1_000, 200);
    ended.source.complete();
    const left = watch(1_000, 200);
    left.subscription.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
  });
});
