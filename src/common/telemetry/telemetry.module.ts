import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { TelemetryConfig } from '../../config/telemetry.config.js';
import { TracingInterceptor } from '../interceptors/tracing.interceptor.js';
import { GatewayTelemetry } from './gateway-telemetry.service.js';

/**
 * Metrics and traces. The tracing interceptor is only installed when telemetry is on, so a
 * gateway without telemetry runs its routes exactly as before.
 */
@Global()
@Module({})
export class TelemetryModule {
  static register(config: Pick<TelemetryConfig, 'enabled'>): DynamicModule {
    return {
      module: TelemetryModule,
      providers: [GatewayTelemetry, ...(config.enabled ? [{ provide: APP_INTERCEPTOR, useClass: TracingInterceptor }] : [])],
      exports: [GatewayTelemetry],
    };
  }
}
