import { DiscoveryService } from '@nestjs/core';
import type { Observable } from 'rxjs';
import type { RequestContext } from '../../common/context/request-context.js';
import type { GatewayError } from '../../common/errors/gateway-error.js';
import type { HubEvent } from '../../hub/hub-event.js';
import type { HubUsage } from '../../hub/hub-usage.js';
import type { InferenceRequest } from '../inference-request.js';
import type { Route } from '../routing/provider-router.js';

/** One provider call made for a request (a request may make several: retries, fallbacks, tool loops). */
export interface ProviderCall {
  readonly request: InferenceRequest;
  readonly route: Route;
  /** The client's body is relayed as it is (same dialect), not translated through the hub. */
  readonly relay: boolean;
  /** 1 for the first call of the request. */
  readonly attempt: number;
  /** The model call's number in the request's tool loop (from 1), when the gateway runs tools for it. */
  readonly iteration?: number;
  readonly context: RequestContext;
}

export interface CallOutcome {
  usage?: HubUsage;
  /** Set when the call failed. */
  error?: GatewayError;
}

/**
 * Code that runs around every provider call: access checks, limits and budgets before it,
 * telemetry while it streams, accounting after it. Register with `@RegisterCallHook({ order })`;
 * lower orders run first (and observe closer to the client).
 */
export abstract class CallHook {
  /** Runs before the call; throwing refuses it (the error reaches the client). */
  before?(call: ProviderCall): void | Promise<void>;
  /** Wraps the call's events, to watch them as they pass; returns the stream to use. */
  observe?(call: ProviderCall, events: Observable<HubEvent>): Observable<HubEvent>;
  /** Runs once the call has ended, completed or failed (not when the client went away first). */
  after?(call: ProviderCall, outcome: CallOutcome): void;
}

export const RegisterCallHook = DiscoveryService.createDecorator<{ order: number }>();
