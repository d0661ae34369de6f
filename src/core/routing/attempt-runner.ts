import { Injectable } from '@nestjs/common';
import { BrokenCircuitError, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import { Observable } from 'rxjs';
import { fromError } from '../../common/errors/from-error.js';
import { ClientClosedRequestError, ServiceUnavailableError, type GatewayError } from '../../common/errors/gateway-error.js';
import { redactSecrets } from '../../common/errors/redact-secrets.js';
import type { AttemptOutcome } from '../../common/telemetry/gateway-metrics.js';
import { GatewayTelemetry } from '../../common/telemetry/gateway-telemetry.service.js';
import type { RetrySettings } from './routing-file/routing-file.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { DeploymentBreakers, deploymentLabels } from '../policies/deployment-breakers.js';
import { isDeploymentFailure } from '../policies/deployment-failure.js';
import { RetryAfterBackoff } from '../policies/retry-after.backoff.js';
import { awaitFirstEvent, type StartedCall } from './attempt-handoff.js';
import { DeploymentStats } from './deployment-stats.js';
import type { Route, RoutePlan } from './provider-router.js';
import type { DeploymentRoute } from './route-deployment.js';

/** Why a routed request stopped trying: it was given up (the client went away, or nothing listens any more). */
const GIVEN_UP = new ClientClosedRequestError('The client closed the request.');

/** Opens one provider call (with its call hooks) for a route; `attempt` counts the request's calls from 1. */
export type OpenCall = (route: Route, attempt: number) => Observable<HubEvent>;

/**
 * Runs a routed request through its plan until a deployment starts answering: each deployment in
 * turn, through its circuit breaker (an open one is skipped), with its retries (cockatiel's retry
 * policy with exponential backoff and jitter, `retry-after` honoured up to a cap), moving on to
 * the next deployment, then to the fallbacks, on failures that count (rate limits, overloads, 5xx,
 * unreachable, timeouts); any other error is the answer at once. Everything happens before the
 * first event reaches the client: once a call emits, it is the answer, and a later failure ends it
 * (and counts against its deployment's breaker).
 */
@Injectable()
export class AttemptRunner {
  private readonly retryPolicies = new WeakMap<RetrySettings, RetryPolicy>();

  constructor(
    private readonly breakers: DeploymentBreakers,
    private readonly stats: DeploymentStats,
    private readonly telemetry: GatewayTelemetry,
  ) {}

  run(plan: RoutePlan, signal: AbortSignal, stream: boolean, open: OpenCall): Observable<HubEvent> {
    return new Observable<HubEvent>((subscriber) => {
      const stop = new AbortController();
      const onAbort = () => stop.abort(GIVEN_UP);
      signal.addEventListener('abort', onAbort, { once: true });
      let answering: StartedCall | undefined;
      this.firstAnswer(plan.candidates as DeploymentRoute[], stop.signal, stream, open).then(
        (call) => {
          if (stop.signal.aborted) {
            call.cancel();
            return;
          }
          answering = call;
          call.attach(subscriber);
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => {
        signal.removeEventListener('abort', onAbort);
        // Once a call answers, only it is left to stop (aborting costs a DOMException and its stack trace).
        if (answering) answering.cancel();
        else stop.abort(GIVEN_UP);
      };
    });
  }

  private async firstAnswer(candidates: readonly DeploymentRoute[], stop: AbortSignal, stream: boolean, open: OpenCall): Promise<StartedCall> {
    let calls = 0;
    let lastError: GatewayError | undefined;
    /** The last failed try, whose outcome (retry, fallback or failure) depends on what comes next. */
    let pending: DeploymentRoute | undefined;
    const settle = (route: DeploymentRoute, outcome: AttemptOutcome) => this.telemetry.recordAttempt(deploymentLabels(route), outcome);
    for (const route of candidates) {
      let tried = false;
      const tryOnce = async (): Promise<StartedCall> => {
        if (stop.aborted) throw new ClientClosedRequestError('The client closed the request.');
        const breaker = this.breakers.of(route);
        const call = () => {
          if (pending) settle(pending, pending === route ? 'retry' : 'fallback');
          pending = route;
          tried = true;
          return this.start(route, open(route, ++calls), stream, stop);
        };
        return breaker ? breaker.execute(call) : call();
      };
      try {
        const started = await this.retryPolicy(route.deployment.retries).execute(tryOnce, stop);
        pending = undefined;
        settle(route, 'success');
        return started;
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          if (!tried) settle(route, 'skipped_open_circuit');
          continue;
        }
        const failure = this.redacted(fromError(error), route);
        if (!isDeploymentFailure(failure)) {
          if (pending) settle(pending, 'failure');
          throw failure;
        }
        lastError = failure;
      }
    }
    if (pending) settle(pending, 'failure');
    throw lastError ?? this.noneAvailable(candidates);
  }

  /** Starts one call; resolves once its first event arrived, rejects (a gateway error) if it failed before. */
  private start(route: DeploymentRoute, events: Observable<HubEvent>, stream: boolean, stop: AbortSignal): Promise<StartedCall> {
    const key = route.deployment.key;
    const startedAt = performance.now();
    let answering = false;
    this.stats.started(key);
    return awaitFirstEvent(
      events,
      {
        started: () => {
          answering = true;
          this.stats.firstEvent(key, performance.now() - startedAt, stream);
        },
        ended: (error) => {
          this.stats.ended(key);
          // A failure before the first event is the breaker's own verdict on the try; one after it is reported here.
          if (answering && error !== undefined) this.breakers.of(route)?.recordFailure(fromError(error));
        },
      },
      stop,
    );
  }

  private retryPolicy(settings: RetrySettings): RetryPolicy {
    let policy = this.retryPolicies.get(settings);
    if (!policy) {
      policy = retry(handleWhen(isDeploymentFailure), {
        maxAttempts: settings.attempts - 1,
        backoff: new RetryAfterBackoff(settings.backoffMs, settings.maxRetryAfterMs),
      });
      this.retryPolicies.set(settings, policy);
    }
    return policy;
  }

  /** A pool key quoted by a provider's error message never reaches the client. */
  private redacted(error: GatewayError, route: DeploymentRoute): GatewayError {
    if (route.deployment.pooledKey) error.message = redactSecrets(error.message, [route.credentials.apiKey]);
    return error;
  }

  /** Every deployment was skipped: each one's breaker is open. */
  private noneAvailable(candidates: readonly DeploymentRoute[]): GatewayError {
    const ends = candidates.flatMap((route) => this.breakers.of(route)?.cooldownEnd ?? []);
    const waitSeconds = ends.length > 0 ? Math.max(1, Math.ceil((Math.min(...ends) - Date.now()) / 1000)) : undefined;
    const group = candidates[0]?.deployment.group ?? 'the model';
    return new ServiceUnavailableError(`Every deployment of "${group}" is cooling down after failures; try again later.`, {
      code: 'no_deployment_available',
      ...(waitSeconds === undefined ? {} : { headers: { 'retry-after': String(waitSeconds) } }),
    });
  }
}
