import { CircuitState, type IBreaker } from 'cockatiel';

/**
 * A cockatiel breaker that opens once `threshold` failures happened within the last `windowMs`
 * (successes do not erase failures: it counts failures, not a failure rate). A successful probe
 * after the breaker was open starts the count afresh.
 */
export class FailureWindowBreaker implements IBreaker {
  private failures: number[] = [];

  constructor(
    private readonly threshold: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): unknown {
    return [...this.failures];
  }

  set state(value: unknown) {
    this.failures = Array.isArray(value) ? value.filter((entry): entry is number => typeof entry === 'number') : [];
  }

  success(state: CircuitState): void {
    if (state === CircuitState.HalfOpen) this.failures = [];
  }

  failure(): boolean {
    const now = this.now();
    this.failures = this.failures.filter((at) => now - at < this.windowMs);
    this.failures.push(now);
    return this.failures.length >= this.threshold;
  }
}
