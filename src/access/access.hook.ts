import { Injectable } from '@nestjs/common';
import { finalize, Observable, tap } from 'rxjs';
import { CallHook, RegisterCallHook, type CallOutcome, type ProviderCall } from '../core/hooks/call-hook.js';
import type { HubEvent } from '../hub/hub-event.js';
import type { HubUsage } from '../hub/hub-usage.js';
import { AccessGate } from './access-gate.js';

/**
 * Access control around every provider call, whatever the route's dialect: admits or refuses the
 * call before it is made, and accounts for it when it ends: with the usage the call reported, or,
 * when the client went away first, with the usage seen so far (none: the estimate stays counted).
 * It runs first of the hooks, so a refused call costs nothing else.
 */
@Injectable()
@RegisterCallHook({ order: -100 })
export class AccessHook extends CallHook {
  constructor(private readonly gate: AccessGate) {
    super();
  }

  override before(call: ProviderCall): Promise<void> | undefined {
    // Without an access file nothing is checked, and the call starts without waiting a turn.
    return this.gate.enabled && call.context.caller ? this.gate.admitCall(call) : undefined;
  }

  override observe(call: ProviderCall, events: Observable<HubEvent>): Observable<HubEvent> {
    if (!call.context.access) return events;
    let usage: HubUsage | undefined;
    return events.pipe(
      tap((event) => {
        if (event.type === 'usage') usage = event.usage;
      }),
      finalize(() => this.gate.settleCall(call, usage)),
    );
  }

  override after(call: ProviderCall, outcome: CallOutcome): void {
    if (call.context.access) this.gate.settleCall(call, outcome.usage);
  }
}
