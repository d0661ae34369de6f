import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Observable } from 'rxjs';
import type { HubEvent } from '../../hub/hub-event.js';
import { CallHook, RegisterCallHook, type CallOutcome, type ProviderCall } from './call-hook.js';

/** Every registered call hook, in order, run as one. */
@Injectable()
export class CallHooks implements OnModuleInit {
  private hooks: CallHook[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    this.hooks = this.discovery
      .getProviders({ metadataKey: RegisterCallHook.KEY })
      .filter((wrapper) => wrapper.instance instanceof CallHook)
      .map((wrapper) => ({ hook: wrapper.instance as CallHook, order: this.discovery.getMetadataByDecorator(RegisterCallHook, wrapper)?.order ?? 0 }))
      .sort((a, b) => a.order - b.order)
      .map(({ hook }) => hook);
  }

  /** Runs the `before` hooks in order; settles synchronously (undefined) when none is asynchronous. */
  before(call: ProviderCall): Promise<void> | undefined {
    for (const [index, hook] of this.hooks.entries()) {
      const pending = hook.before?.(call);
      if (pending) return pending.then(() => this.beforeFrom(call, index + 1));
    }
    return undefined;
  }

  /** The call's events as every hook observes them; the first hook observes closest to the client. */
  observe(call: ProviderCall, events: Observable<HubEvent>): Observable<HubEvent> {
    let observed = events;
    for (let index = this.hooks.length - 1; index >= 0; index--) {
      const hook = this.hooks[index];
      if (hook.observe) observed = hook.observe(call, observed);
    }
    return observed;
  }

  after(call: ProviderCall, outcome: CallOutcome): void {
    for (const hook of this.hooks) hook.after?.(call, outcome);
  }

  private async beforeFrom(call: ProviderCall, start: number): Promise<void> {
    for (const hook of this.hooks.slice(start)) await hook.before?.(call);
  }
}
