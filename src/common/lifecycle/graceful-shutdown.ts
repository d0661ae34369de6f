import { Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { serverConfig, type ServerConfig } from '../../config/server.config.js';
import { ReadinessService } from './readiness.service.js';
import { DrainDeadline } from './drain-deadline.js';
import { HttpDrain } from './http-drain.js';

/** Time the error events of cut streams get to reach their clients before connections are closed. */
const CUT_FLUSH_MS = 2_000;
/** Bound on closing the application (shutdown hooks, upstream connection pools) after the drain. */
const CLOSE_TIMEOUT_MS = 5_000;

export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Stops the gateway without dropping work:
 * 1. readiness answers 503 at once, while the server keeps serving for `SERVER_SHUTDOWN_DELAY`
 *    (load balancers and Kubernetes endpoints notice and stop sending traffic);
 * 2. the server stops accepting connections and idle keep-alive connections are closed;
 * 3. requests and streams in flight get up to `SERVER_DRAIN_TIMEOUT` to finish;
 * 4. what is still open then is cut (a stream ends with an error event), and the application closes
 *    (within a few seconds: an upstream call that ignores the cut does not hold the exit).
 * A second signal skips the remaining waits.
 */
export class GracefulShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly drain: HttpDrain;
  private readonly config: ServerConfig;
  private readonly hurry = new AbortController();
  private running: Promise<void> | undefined;

  /** Create it before the server listens, so every request is followed. */
  constructor(private readonly app: INestApplication) {
    this.drain = new HttpDrain(app.getHttpServer() as Server);
    this.config = app.get<ServerConfig>(serverConfig.KEY);
  }

  /** Runs the shutdown on the first of `signals`, then exits with 0 (1 if closing failed). */
  handleSignals(signals: readonly NodeJS.Signals[] = SHUTDOWN_SIGNALS, exit: (code: number) => void = (code) => process.exit(code)): void {
    for (const signal of signals) {
      process.on(signal, () => {
        if (this.running) {
          this.logger.warn({ signal }, 'second shutdown signal: not waiting any longer');
          this.hurry.abort();
          return;
        }
        this.shutdown(signal).then(
          () => exit(0),
          (error: unknown) => {
            this.logger.error({ err: error }, 'shutdown failed');
            exit(1);
          },
        );
      });
    }
  }

  /** The shutdown sequence; calling it again returns the same run. */
  shutdown(reason: string): Promise<void> {
    this.running ??= this.run(reason);
    return this.running;
  }

  private async run(reason: string): Promise<void> {
    const { shutdownDelayMs, drainTimeoutMs } = this.config;
    this.app.get(ReadinessService).markDraining();
    this.logger.log({ reason, inFlight: this.drain.inFlightCount, shutdownDelayMs, drainTimeoutMs }, 'shutting down: readiness now reports draining');
    await sleep(shutdownDelayMs, undefined, { signal: this.hurry.signal }).catch(() => undefined);

    this.drain.stopAccepting();
    this.logger.log({ inFlight: this.drain.inFlightCount }, 'stopped accepting connections; draining requests in flight');
    const drained = await this.drain.waitUntilIdle(drainTimeoutMs, this.hurry.signal);
    if (!drained) {
      this.logger.warn({ inFlight: this.drain.inFlightCount }, 'drain timeout reached: cutting the requests still in flight');
      this.app.get(DrainDeadline).reach();
      await this.drain.waitUntilIdle(CUT_FLUSH_MS);
    }
    this.drain.closeAllConnections();
    const closed = await Promise.race([this.app.close().then(() => true), sleep(CLOSE_TIMEOUT_MS, false, { ref: false })]);
    if (!closed) this.logger.warn({ closeTimeoutMs: CLOSE_TIMEOUT_MS }, 'closing the application took too long; exiting anyway');
    this.logger.log('shutdown complete');
  }
}
