import { Injectable } from '@nestjs/common';

/** How long a time-to-first-event estimate is trusted; after that the deployment is measured again. */
const LATENCY_TTL_MS = 60_000;
/** Weight of the newest sample in the moving average. */
const SMOOTHING = 0.3;

interface Estimate {
  ms: number;
  at: number;
}

interface Stats {
  inFlight: number;
  /** Time to the first event of streams, and to the whole answer otherwise: different scales, kept apart. */
  stream?: Estimate;
  whole?: Estimate;
}

/**
 * What this replica has seen of each deployment, for the `least_busy` and `latency` strategies:
 * calls in flight, and an exponentially weighted moving average of the time to the first event.
 */
@Injectable()
export class DeploymentStats {
  private readonly stats = new Map<string, Stats>();

  started(key: string): void {
    this.of(key).inFlight++;
  }

  ended(key: string): void {
    const stats = this.stats.get(key);
    if (stats && stats.inFlight > 0) stats.inFlight--;
  }

  firstEvent(key: string, ms: number, stream: boolean, now = Date.now()): void {
    const stats = this.of(key);
    const previous = stream ? stats.stream : stats.whole;
    const fresh = previous && now - previous.at < LATENCY_TTL_MS;
    const estimate = { ms: fresh ? previous.ms + SMOOTHING * (ms - previous.ms) : ms, at: now };
    if (stream) stats.stream = estimate;
    else stats.whole = estimate;
  }

  inFlight(key: string): number {
    return this.stats.get(key)?.inFlight ?? 0;
  }

  /** The recent time to the first event, or 0 when unknown or stale (so the deployment gets measured). */
  latency(key: string, stream: boolean, now = Date.now()): number {
    const stats = this.stats.get(key);
    const estimate = stream ? stats?.stream : stats?.whole;
    return estimate && now - estimate.at < LATENCY_TTL_MS ? estimate.ms : 0;
  }

  private of(key: string): Stats {
    let stats = this.stats.get(key);
    if (!stats) {
      stats = { inFlight: 0 };
      this.stats.set(key, stats);
    }
    return stats;
  }
}
