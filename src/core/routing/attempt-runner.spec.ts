import { jest } from '@jest/globals';
import { firstValueFrom, NEVER, Observable, of, throwError, toArray } from 'rxjs';
import { RateLimitError, UpstreamError } from '../../common/errors/gateway-error.js';
import type { AttemptOutcome, DeploymentMetricLabels } from '../../common/telemetry/gateway-metrics.js';
import type { GatewayTelemetry } from '../../common/telemetry/gateway-telemetry.service.js';
import type { HubEvent } from '../../hub/hub-event.js';
import type { LlmProvider } from '../../providers/llm-provider.js';
import type { DeploymentBreakers } from '../policies/deployment-breakers.js';
import { markRefusal } from '../policies/deployment-failure.js';
import { AttemptRunner, type OpenCall } from './attempt-runner.js';
import { DeploymentStats } from './deployment-stats.js';
import type { Route } from './provider-router.js';
import type { DeploymentRoute } from './route-deployment.js';

function route(model: string, attempts = 1): DeploymentRoute {
  return {
    provider: { id: 'openai' } as LlmProvider,
    modelId: `openai/${model}`,
    upstreamModel: model,
    credentials: { baseUrl: 'http://upstream.invalid', apiKey: 'sk-pooled-key-000000' },
    deployment: { key: model, group: 'alias', index: 0, weight: 1, retries: { attempts, backoffMs: 1, maxRetryAfterMs: 1000 }, pooledKey: true },
  };
}

const TEXT: HubEvent = { type: 'text-delta', index: 0, text: 'hi' };

function runner() {
  const outcomes: Array<[string, AttemptOutcome]> = [];
  const telemetry = {
    recordAttempt: (labels: DeploymentMetricLabels, outcome: AttemptOutcome) => outcomes.push([labels.model, outcome]),
  } as unknown as GatewayTelemetry;
  const breakers = { of: () => undefined } as unknown as DeploymentBreakers;
  return { runner: new AttemptRunner(breakers, new DeploymentStats(), telemetry), outcomes };
}

/** Answers each call with the next scripted observable. */
function scripted(...answers: Array<Observable<HubEvent>>) {
  const calls: Array<[string, number]> = [];
  const open: OpenCall = (target: Route, attempt: number) => {
    calls.push([target.upstreamModel, attempt]);
    return answers.shift() ?? throwError(() => new Error('no answer scripted'));
  };
  return { open, calls };
}

const never = new AbortController().signal;

describe('AttemptRunner', () => {
  it('retries, then falls back, and counts what became of every try', async () => {
    const { runner: attempts, outcomes } = runner();
    const { open, calls } = scripted(
      throwError(() => new UpstreamError(500, 'boom')),
      throwError(() => new UpstreamError(503, 'busy')),
      of(TEXT),
    );
    const events = await firstValueFrom(attempts.run({ candidates: [route('a', 2), route('b')] }, never, false, open).pipe(toArray()));
    expect(events).toEqual([TEXT]);
    expect(calls).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 3],
    ]);
    expect(outcomes).toEqual([
      ['a', 'retry'],
      ['a', 'fallback'],
      ['b', 'success'],
    ]);
  });

  it('never retries a refusal by a call hook, whatever its status', async () => {
    const { runner: attempts, outcomes } = runner();
    const refusal = markRefusal(new RateLimitError('Over your limit.'));
    const { open, calls } = scripted(throwError(() => refusal));
    await expect(firstValueFrom(attempts.run({ candidates: [route('a', 3), route('b')] }, never, false, open))).rejects.toBe(refusal);
    expect(calls).toHaveLength(1);
    expect(outcomes).toEqual([['a', 'failure']]);
  });

  it('keeps a pool key out of the error the client gets', async () => {
    const { runner: attempts } = runner();
    const { open } = scripted(throwError(() => new UpstreamError(500, 'Key sk-pooled-key-000000 is over quota')));
    await expect(firstValueFrom(attempts.run({ candidates: [route('a')] }, never, false, open))).rejects.toThrow('Key [redacted] is over quota');
  });

  it('passes on a failure after the first event as the end of the answer, without another try', async () => {
    const { runner: attempts } = runner();
    const broken = new Observable<HubEvent>((subscriber) => {
      subscriber.next(TEXT);
      setTimeout(() => subscriber.error(new UpstreamError(502, 'cut')), 5);
    });
    const { open, calls } = scripted(broken, of(TEXT));
    const seen: HubEvent[] = [];
    const error = await new Promise((resolve) =>
      attempts.run({ candidates: [route('a', 3), route('b')] }, never, true, open).subscribe({ next: (event) => seen.push(event), error: resolve }),
    );
    expect(seen).toEqual([TEXT]);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(calls).toHaveLength(1);
  });

  it('abandons the call in progress when the client goes away', async () => {
    const { runner: attempts } = runner();
    const teardown = jest.fn();
    const hanging = new Observable<HubEvent>(() => teardown);
    const { open } = scripted(hanging, NEVER);
    const client = new AbortController();
    const subscription = attempts.run({ candidates: [route('a')] }, client.signal, true, open).subscribe();
    await new Promise((resolve) => setTimeout(resolve, 5));
    subscription.unsubscribe();
    expect(teardown).toHaveBeenCalledTimes(1);
  });
});
