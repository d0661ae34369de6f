import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { providersConfig } from '../../providers/providers.config.js';
import { ReadinessService } from '../../common/lifecycle/readiness.service.js';
import { ModelListRecorder, type ModelListFetch } from '../../core/models/model-list-recorder.js';
import { readGatewayVersion } from '../../common/lifecycle/gateway-version.js';
import type { GatewayStatusDto, ModelListStatusDto, ProviderStatusDto } from './status.dto.js';

/** What an operator wants at a glance: version, readiness, and each provider's configuration and model list. */
@Injectable()
export class StatusService {
  private readonly version = readGatewayVersion();

  constructor(
    @Inject(providersConfig.KEY) private readonly providers: ConfigType<typeof providersConfig>,
    private readonly readiness: ReadinessService,
    private readonly recorder: ModelListRecorder,
  ) {}

  status(): GatewayStatusDto {
    return {
      version: this.version,
      ready: this.readiness.isReady(),
      providers: Object.values(this.providers.providers).map((settings): ProviderStatusDto => ({
        id: settings.id,
        configured: !settings.unusableReason,
        ...(settings.unusableReason ? { reason: settings.unusableReason } : {}),
        models: toModelListStatus(this.recorder.last(settings.id)),
      })),
    };
  }
}

function toModelListStatus(fetch: ModelListFetch | undefined): ModelListStatusDto {
  if (!fetch) return { state: 'unknown' };
  const common = { fetched_at: fetch.fetchedAt.toISOString(), latency_ms: fetch.latencyMs };
  return fetch.state === 'ok' ? { state: 'ok', count: fetch.count, ...common } : { state: 'error', error: fetch.error, ...common };
}
