import { CircuitState } from 'cockatiel';
import { FailureWindowBreaker } from './failure-window.breaker.js';

describe('FailureWindowBreaker', () => {
  it('opens at the threshold within the window, forgetting older failures', () => {
    let now = 0;
    const breaker = new FailureWindowBreaker(3, 1000, () => now);
    expect(breaker.failure()).toBe(false);
    now = 600;
    expect(breaker.failure()).toBe(false);
    now = 1200; // the first failure has left the window
    expect(breaker.failure()).toBe(false);
    now = 1300;
    expect(breaker.failure()).toBe(true);
  });

  it('does not let successes erase failures, but a successful probe starts afresh', () => {
    const breaker = new FailureWindowBreaker(2, 60_000, () => 0);
    breaker.failure();
    breaker.success(CircuitState.Closed);
    expect(breaker.failure()).toBe(true);
    breaker.success(CircuitState.HalfOpen);
    expect(breaker.failure()).toBe(false);
  });
});
