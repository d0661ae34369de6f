import { BrokenCircuitError, circuitBreaker, CircuitState, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { CooldownState } from '../../common/telemetry/gateway-metrics.js';
import type { CooldownSettings } from '../routing/routing-file/routing-file.js';
import { isDeploymentFailure } from './deployment-failure.js';
import { FailureWindowBreaker } from './failure-window.breaker.js';
import type { SharedCooldowns } from './shared-cooldowns.js';

export interface BreakerEvents {
  opened(until: number): void;
  probing(): void;
  closed(): void;
}

/**
 * One deployment's circuit breaker: cockatiel's breaker policy with a failure-window breaker
 * (`failures` within `window` open it; after `duration` one probe goes through; its success closes
 * it, its failure opens it again), joined to the cooldowns shared across replicas. Calls that find
 * it open, or find another call probing it, fail at once with BrokenCircuitError (cockatiel would
 * queue them behind the probe), so the request moves on to the next deployment.
 */
export class DeploymentBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private openUntil = 0;

  constructor(
    readonly key: string,
    readonly settings: CooldownSettings,
    private readonly shared: SharedCooldowns,
    events: BreakerEvents,
  ) {
    this.policy = circuitBreaker(handleWhen(isDeploymentFailure), {
      halfOpenAfter: settings.durationMs,
      breaker: new FailureWindowBreaker(settings.failures, settings.windowMs),
    });
    this.policy.onBreak(() => {
      this.openUntil = Date.now() + settings.durationMs;
      this.shared.open(key, this.openUntil);
      events.opened(this.openUntil);
    });
    this.policy.onHalfOpen(() => events.probing());
    this.policy.onReset(() => {
      this.openUntil = 0;
      this.shared.close(key);
      events.closed();
    });
  }

  /** Runs one try through the breaker; BrokenCircuitError when the deployment is to be skipped. */
  async execute<T>(fn: () => Promise<T>): Promise<T> {
    if (this.openUntil > Date.now()) throw new BrokenCircuitError('The deployment is cooling down.');
    const shared = this.shared.verdict(this.key);
    if (shared === 'open') throw new BrokenCircuitError('The deployment is cooling down (reported by another replica).');
    const probing = shared === 'probe';
    if (probing && !(await this.shared.claimProbe(this.key, this.settings.durationMs))) {
      throw new BrokenCircuitError('Another replica is probing the deployment.');
    }
    if (this.policy.state === CircuitState.HalfOpen) throw new BrokenCircuitError('The deployment is being probed.');
    try {
      const result = await this.policy.execute(fn);
      if (probing) this.shared.close(this.key);
      return result;
    } catch (error) {
      if (probing && isDeploymentFailure(error)) this.shared.open(this.key, Date.now() + this.settings.durationMs);
      throw error;
    }
  }

  /** Counts a failure that came after the call had started answering (a stream that broke). */
  recordFailure(error: unknown): void {
    if (this.policy.state !== CircuitState.Closed || !isDeploymentFailure(error)) return;
    this.policy
      .execute(() => {
        throw error;
      })
      .catch(() => undefined);
  }

  get state(): CooldownState {
    const shared = this.shared.verdict(this.key);
    if (shared === 'open') return 'open';
    switch (this.policy.state) {
      case CircuitState.Closed:
        return shared === 'probe' ? 'half_open' : 'closed';
      case CircuitState.HalfOpen:
        return 'half_open';
      default:
        return Date.now() < this.openUntil ? 'open' : 'half_open';
    }
  }

  /** When the deployment may be tried again (epoch ms), if it is cooling down. */
  get cooldownEnd(): number | undefined {
    const end = Math.max(this.openUntil, this.shared.cooldownEnd(this.key) ?? 0);
    return end > Date.now() ? end : undefined;
  }
}
