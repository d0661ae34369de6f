import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { InferenceRequest } from '../inference-request.js';
import { RegisterServerTools, ServerTools, type ServerToolset } from './server-tools.js';

/** The registered source of the gateway's own tools, if any (none: every request is served as the client sent it). */
@Injectable()
export class ServerToolSources implements OnModuleInit {
  private source: ServerTools | undefined;

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const sources = this.discovery
      .getProviders({ metadataKey: RegisterServerTools.KEY })
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is ServerTools => instance instanceof ServerTools);
    if (sources.length > 1) throw new Error('Only one source of server tools may be registered.');
    this.source = sources[0];
  }

  appliesTo(request: InferenceRequest): boolean {
    return this.source?.appliesTo(request) ?? false;
  }

  open(clientTools: readonly string[]): ServerToolset {
    if (!this.source) throw new Error('No source of server tools is registered.');
    return this.source.open(clientTools);
  }
}
