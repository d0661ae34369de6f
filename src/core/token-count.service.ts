import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ClsService } from 'nestjs-cls';
import type { Observable } from 'rxjs';
import type { RequestContext } from '../common/context/request-context.js';
import { clientConfig } from '../config/client.config.js';
import type { HubEvent } from '../hub/hub-event.js';
import { COUNT_TOKENS_OPERATION } from '../providers/llm-provider.js';
import type { InferenceRequest } from './inference-request.js';
import { ProviderRouter } from './routing/provider-router.js';

/**
 * Counts a request's input tokens where the provider can: routed like inference (model prefix or
 * `?provider=`, allow and deny lists), then relayed to a provider that speaks the client's dialect
 * and has a counting endpoint of its own. No tokens are generated, so no call hooks run.
 */
@Injectable()
export class TokenCountService {
  constructor(
    private readonly router: ProviderRouter,
    private readonly cls: ClsService<RequestContext>,
    @Inject(clientConfig.KEY) private readonly limits: ConfigType<typeof clientConfig>,
  ) {}

  /** The provider's own count, relayed (a cold Observable of frames); undefined when the provider does not speak the dialect, so the ingress estimates. */
  relayed(request: InferenceRequest, signal: AbortSignal): Observable<HubEvent> | undefined {
    const route = this.router.reachable(request.model, request.explicitProvider)[0];
    const context = this.cls.get();
    context.route = { provider: route.provider.id, model: route.upstreamModel };
    const relay = route.provider.nativeDialects.includes(request.dialect) ? route.provider.relay?.bind(route.provider) : undefined;
    if (!relay) return undefined;
    return relay(
      { dialect: request.dialect, operation: COUNT_TOKENS_OPERATION, body: request.body, stream: false, headers: request.headers, query: request.query },
      { upstreamModel: route.upstreamModel, credentials: route.credentials, signal, requestId: context.requestId, limits: this.limits },
    );
  }
}
