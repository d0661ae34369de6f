import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InvalidRequestError, NotFoundError, PermissionError } from '../../common/errors/gateway-error.js';
import { providersConfig } from '../../providers/providers.config.js';
import { routingConfig } from './routing.config.js';
import type { LlmProvider, ProviderCredentials } from '../../providers/llm-provider.js';
import { ProviderFactory } from '../../providers/provider.factory.js';
import { DeploymentStats } from './deployment-stats.js';
import { orderDeployments } from './deployment-order.js';
import type { RouteDeployment, RouteGroup } from './route-deployment.js';
import { RoutingTable, type CompiledRouting } from './routing-table.js';

/** One deployment a request may be sent to. */
export interface Route {
  provider: LlmProvider;
  /** `provider/model`, as the gateway lists it. */
  modelId: string;
  upstreamModel: string;
  credentials: ProviderCredentials;
  /** Set when the routing file governs this route: its retries, breaker and timeout. */
  deployment?: RouteDeployment;
}

/**
 * Where a request may go, in the order to try. A plan whose routes carry a `deployment` is run
 * with the routing file's policies (retries, breakers, fallbacks); otherwise its one route is
 * called once.
 */
export interface RoutePlan {
  candidates: Route[];
}

/** Turns a request's model (and optional `?provider=`) into a provider, upstream model and credentials. */
@Injectable()
export class ProviderRouter {
  private readonly allowed: Set<string>;
  private readonly disallowed: Set<string>;

  constructor(
    private readonly factory: ProviderFactory,
    @Inject(providersConfig.KEY) private readonly providers: ConfigType<typeof providersConfig>,
    @Inject(routingConfig.KEY) routing: ConfigType<typeof routingConfig>,
    private readonly table: RoutingTable,
    private readonly stats: DeploymentStats,
  ) {
    this.allowed = new Set(routing.allowedModels);
    this.disallowed = new Set(routing.disallowedModels);
  }

  /**
   * The deployments that may serve a request for `model`, in order: an alias's deployments in its
   * strategy's order, or a routed `provider/model` first, then their fallbacks (each group once).
   */
  plan(model: string, explicitProvider?: string, stream = false): RoutePlan {
    const routing = this.table.current;
    if (!routing) return { candidates: [this.resolve(model, explicitProvider)] };
    const alias = explicitProvider ? undefined : routing.aliases.get(model);
    if (alias) return { candidates: this.expand(routing, alias, stream) };
    const route = this.resolve(model, explicitProvider);
    const routed = routing.routes.get(route.modelId);
    return { candidates: routed ? this.expand(routing, routed, stream) : [route] };
  }

  /**
   * The deployments a request for `model` may reach, in listed order, without taking a turn of
   * any strategy: for deciding what a request needs before it runs (a plan is made once per request).
   */
  reachable(model: string, explicitProvider?: string): Route[] {
    const routing = this.table.current;
    if (!routing) return [this.resolve(model, explicitProvider)];
    const alias = explicitProvider ? undefined : routing.aliases.get(model);
    if (alias) return this.expand(routing, alias, false, false);
    const route = this.resolve(model, explicitProvider);
    const routed = routing.routes.get(route.modelId);
    return routed ? this.expand(routing, routed, false, false) : [route];
  }

  /** The names of the aliases in force (listed by `GET /v1/models`), and when they were loaded. */
  aliases(): { names: string[]; loadedAt: number } {
    const routing = this.table.current;
    return { names: routing ? [...routing.aliases.keys()] : [], loadedAt: routing?.loadedAt ?? 0 };
  }

  /** A group's deployments in its strategy's order (or as listed), then its fallbacks' (breadth first, each group once). */
  private expand(routing: CompiledRouting, first: RouteGroup, stream: boolean, ordered = true): Route[] {
    const candidates: Route[] = [];
    const queue = [first];
    const seen = new Set<RouteGroup>(queue);
    for (let group = queue.shift(); group; group = queue.shift()) {
      candidates.push(...(ordered ? orderDeployments(group, this.stats, stream) : group.deployments));
      for (const name of group.fallbacks) {
        const next = routing.groups.get(name);
        if (next && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return candidates;
  }

  /** The id of a provider the gateway knows (any case), or a 400 naming the known ones. */
  knownProviderId(providerId: string): string {
    const id = providerId.toLowerCase();
    if (!this.factory.get(id)) {
      throw new InvalidRequestError(`Unknown provider "${id}"; known providers: ${this.factory.ids().join(', ')}.`, {
        param: 'provider',
        code: 'unknown_provider',
      });
    }
    return id;
  }

  /** A provider for a raw call (`/proxy`): known (else 404) and configured (else 400). */
  resolveProvider(providerId: string): { provider: LlmProvider; credentials: ProviderCredentials } {
    const id = providerId.toLowerCase();
    const provider = this.factory.get(id);
    if (!provider) throw new NotFoundError(`Unknown provider "${id}".`, { param: 'provider', code: 'unknown_provider' });
    const settings = this.providers.providers[id];
    if (settings.unusableReason) {
      throw new InvalidRequestError(`Provider "${id}" is not configured: ${settings.unusableReason}.`, { code: 'provider_not_configured' });
    }
    return { provider, credentials: { baseUrl: settings.baseUrl, apiKey: settings.apiKey } };
  }

  resolve(model: string, explicitProvider?: string): Route {
    let providerId: string;
    let upstreamModel: string;
    if (explicitProvider) {
      providerId = explicitProvider.toLowerCase();
      upstreamModel = model;
    } else {
      const slash = model.indexOf('/');
      if (slash <= 0) {
        throw new InvalidRequestError(
          `Model "${model}" has no provider prefix; use "<provider>/<model>" (providers: ${this.factory.ids().join(', ')}) or ?provider=<id>.`,
          { param: 'model', code: 'missing_provider' },
        );
      }
      providerId = model.slice(0, slash).toLowerCase();
      upstreamModel = model.slice(slash + 1);
    }
    const provider = this.factory.get(providerId);
    if (!provider) {
      throw new InvalidRequestError(`Unknown provider "${providerId}"; known providers: ${this.factory.ids().join(', ')}.`, {
        param: explicitProvider ? 'provider' : 'model',
        code: 'unknown_provider',
      });
    }
    if (!upstreamModel) throw new InvalidRequestError('The model name after the provider prefix is empty.', { param: 'model', code: 'invalid_model' });
    const modelId = `${providerId}/${upstreamModel}`;
    if (!this.isModelAllowed(providerId, upstreamModel)) {
      throw new PermissionError(`Model "${modelId}" is not allowed on this gateway.`, { param: 'model', code: 'model_not_allowed' });
    }
    const settings = this.providers.providers[providerId];
    if (settings.unusableReason) {
      throw new InvalidRequestError(`Provider "${providerId}" is not configured: ${settings.unusableReason}.`, {
        param: 'model',
        code: 'provider_not_configured',
      });
    }
    return { provider, modelId, upstreamModel, credentials: { baseUrl: settings.baseUrl, apiKey: settings.apiKey } };
  }

  /** ALLOWED_MODELS / DISALLOWED_MODELS: full ids or bare names, case-insensitive. */
  isModelAllowed(providerId: string, upstreamModel: string): boolean {
    const full = `${providerId}/${upstreamModel}`.toLowerCase();
    const bare = upstreamModel.toLowerCase();
    if (this.disallowed.has(full) || this.disallowed.has(bare)) return false;
    if (this.allowed.size === 0) return true;
    return this.allowed.has(full) || this.allowed.has(bare);
  }

  /** Providers that can be called: configured with what they need. */
  usableProviders(): Array<{ provider: LlmProvider; credentials: ProviderCredentials }> {
    return this.factory.ids().flatMap((id) => {
      const settings = this.providers.providers[id];
      const provider = this.factory.get(id);
      return settings && provider && !settings.unusableReason ? [{ provider, credentials: { baseUrl: settings.baseUrl, apiKey: settings.apiKey } }] : [];
    });
  }

  /** Why a provider cannot be called, or undefined when it can (for listing and proxying). */
  unusableReason(providerId: string): string | undefined {
    return this.providers.providers[providerId]?.unusableReason;
  }
}
