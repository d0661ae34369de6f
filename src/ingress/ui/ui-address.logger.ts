import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tlsConfig } from '../../config/tls.config.js';
import { uiConfig } from '../../config/ui.config.js';
import { UI_BASE } from './ui-files.js';

/** Logs where to open the web UI once the server listens, so `npm start` shows an address to click. */
@Injectable()
export class UiAddressLogger implements OnApplicationBootstrap {
  private readonly logger = new Logger('WebUi');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(uiConfig.KEY) private readonly ui: ConfigType<typeof uiConfig>,
    @Inject(tlsConfig.KEY) private readonly tls: ConfigType<typeof tlsConfig>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.ui.enabled) return;
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.once('listening', () => {
      const address = server.address() as AddressInfo | null;
      if (address) this.logger.log(`web UI at ${this.tls.enabled ? 'https' : 'http'}://${displayHost(address)}:${address.port}${UI_BASE}`);
    });
  }
}

/** A host a browser can open: `localhost` for the wildcard addresses, brackets around IPv6. */
function displayHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0' || address.address === '::') return 'localhost';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}
