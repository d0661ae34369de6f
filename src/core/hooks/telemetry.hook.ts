import { Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { ChatCallTelemetry } from '../../common/telemetry/chat-call.telemetry.js';
import { GatewayTelemetry } from '../../common/telemetry/gateway-telemetry.service.js';
import { EMBEDDINGS_OPERATION, IMAGES_OPERATION } from '../../common/telemetry/gen-ai.conventions.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { CallHook, RegisterCallHook, type CallOutcome, type ProviderCall } from './call-hook.js';

/**
 * Follows every provider call with a span (one per attempt: a retried or replaced call's span ends
 * with its error; one per model call of a tool loop) and the gen_ai metrics of the request's last call (nothing when telemetry is off).
 */
@Injectable()
@RegisterCallHook({ order: 0 })
export class TelemetryHook extends CallHook {
  private readonly calls = new WeakMap<ProviderCall, ChatCallTelemetry>();

  constructor(private readonly telemetry: GatewayTelemetry) {
    super();
  }

  override observe(call: ProviderCall, events: Observable<HubEvent>): Observable<HubEvent> {
    if (!this.telemetry.enabled) return events;
    const operation =
      call.request.operation === 'embeddings'
        ? { operation: EMBEDDINGS_OPERATION }
        : call.request.operation === 'images'
          ? { operation: IMAGES_OPERATION }
          : {};
    const labels = { provider: call.route.provider.id, model: call.route.upstreamModel, ...operation };
    const routed = call.route.deployment ? { attempt: call.attempt, alias: call.route.deployment.group } : {};
    const looped = call.iteration === undefined ? {} : { iteration: call.iteration };
    const observed = this.telemetry.startCall(call.context, labels, { stream: call.request.stream, ...call.request.sampling(), ...routed, ...looped });
    if (!observed) return events;
    if (call.route.deployment || call.iteration !== undefined) this.calls.set(call, observed);
    return observed.observe(events);
  }

  /** A routed call's span (or a tool loop's) ends with the call: the request may make another one. */
  override after(call: ProviderCall, outcome: CallOutcome): void {
    this.calls.get(call)?.endCall(outcome.error);
  }
}
