import { Injectable } from '@nestjs/common';

export type ReadinessState = 'starting' | 'ready' | 'draining';

/** Whether the gateway should get traffic: not while starting, not once it has begun to drain. */
@Injectable()
export class ReadinessService {
  private state: ReadinessState = 'starting';
  private readonly blockers = new Map<string, string>();

  get current(): ReadinessState {
    return this.state;
  }

  markReady(): void {
    if (this.state === 'starting') this.state = 'ready';
  }

  markDraining(): void {
    this.state = 'draining';
  }

  /** Another component (e.g. an identity provider not reached yet) holds readiness back. */
  block(component: string, reason: string): void {
    this.blockers.set(component, reason);
  }

  unblock(component: string): void {
    this.blockers.delete(component);
  }

  isReady(): boolean {
    return this.state === 'ready' && this.blockers.size === 0;
  }

  reasons(): Record<string, string> {
    const reasons: Record<string, string> = {};
    if (this.state !== 'ready') reasons.lifecycle = this.state;
    for (const [component, reason] of this.blockers) reasons[component] = reason;
    return reasons;
  }
}
