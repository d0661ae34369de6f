import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { InferenceRequest } from '../inference-request.js';
import { RegisterServerTools, ServerTools, type ServerToolset } from './server-tools.js';

/** The registered source of the gateway's own tools, if any (none: every request is served as the client sent it). */
@Injectable()
export class ServerToolSources implements OnModuleInit {
  private source: ServerTools | undefined;
  private readonly decided = new WeakMap<InferenceRequest, boolean>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const sources = this.discovery
      .getProviders({ metadataKey: RegisterServerTools.KEY })
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is ServerTools => instance instanceof ServerTools);
    if (sources.length > 1) throw new Error('Only one source of server tools may be registered.');
    this.source = sources[0];
  }

  /** Decided once per request: a controller that asks before `execute` gets the answer `execute` acts on, whatever the servers did since. */
  appliesTo(request: InferenceRequest): boolean {
    let applies = this.decided.get(request);
    if (applies === undefined) {
      applies = this.source?.appliesTo(request) ?? false;
      this.decided.set(request, applies);
    }
    return applies;
  }

  open(clientTools: readonly string[]): ServerToolset {
    if (!this.source) throw new Error('No source of server tools is registered.');
    return this.source.open(clientTools);
  }
}
