import { Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { GatewayTelemetry } from '../../common/telemetry/gateway-telemetry.service.js';
import { EMBEDDINGS_OPERATION } from '../../common/telemetry/gen-ai.conventions.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { CallHook, RegisterCallHook, type ProviderCall } from './call-hook.js';

/** Follows every provider call with a span and the gen_ai metrics (nothing when telemetry is off). */
@Injectable()
@RegisterCallHook({ order: 0 })
export class TelemetryHook extends CallHook {
  constructor(private readonly telemetry: GatewayTelemetry) {
    super();
  }

  override observe(call: ProviderCall, events: Observable<HubEvent>): Observable<HubEvent> {
    if (!this.telemetry.enabled) return events;
    const operation = call.request.operation === 'embeddings' ? { operation: EMBEDDINGS_OPERATION } : {};
    const labels = { provider: call.route.provider.id, model: call.route.upstreamModel, ...operation };
    const observed = this.telemetry.startCall(call.context, labels, { stream: call.request.stream, ...call.request.sampling() });
    return observed ? observed.observe(events) : events;
  }
}
