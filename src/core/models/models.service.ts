import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { NotFoundError } from '../../common/errors/gateway-error.js';
import type { Model, ModelList } from '../../common/openai/chat-completion.types.js';
import { clientConfig } from '../../config/client.config.js';
import type { ListedModel, LlmProvider, ProviderCredentials } from '../../providers/llm-provider.js';
import { ProviderRouter } from '../routing/provider-router.js';
import { modelMetadata, type IncludeKey, type ModelMetadata } from './model-metadata.js';
import { ModelListRecorder } from './model-list-recorder.js';

interface CacheEntry<T> {
  expiresAt: number;
  value: Promise<T>;
}

/** A model of a provider's list, as the gateway lists it, with what it knows of it beside. */
interface ProviderModel {
  model: Model;
  upstreamId: string;
  contextWindow?: number;
}

type Target = { provider: LlmProvider; credentials: ProviderCredentials };

/**
 * The routing file's aliases (`owned_by: "gateway"`) and the models of every usable provider,
 * fetched in parallel with a per-provider timeout and cached briefly. A provider that fails is
 * left out of the list (and logged); it never fails the list. With `include`, each model carries
 * the metadata asked for (see model-metadata.ts).
 */
@Injectable()
export class ModelsService {
  private readonly logger = new Logger(ModelsService.name);
  private readonly cache = new Map<string, CacheEntry<ProviderModel[]>>();
  private readonly runtimeCache = new Map<string, CacheEntry<Map<string, number>>>();

  constructor(
    private readonly router: ProviderRouter,
    @Inject(clientConfig.KEY) private readonly config: ConfigType<typeof clientConfig>,
    private readonly recorder: ModelListRecorder,
  ) {}

  async list(providerId?: string, include: readonly IncludeKey[] = []): Promise<ModelList> {
    let targets: Target[];
    if (providerId) {
      const id = this.router.knownProviderId(providerId);
      targets = this.router.usableProviders().filter((entry) => entry.provider.id === id);
    } else {
      targets = this.router.usableProviders();
    }
    const lists = await Promise.all(targets.map((target) => this.withMetadata(target, include)));
    const aliases = providerId ? [] : this.aliases().map((model) => withNulls(model, include));
    return { object: 'list', data: [...aliases, ...lists.flat()] };
  }

  private aliases(): Model[] {
    const { names, loadedAt } = this.router.aliases();
    return names.map((id) => ({ id, object: 'model' as const, created: loadedAt, owned_by: 'gateway' }));
  }

  /**
   * One model by its gateway id (`provider/model`, or the bare name with `?provider=`), as the list
   * shows it (an alias of the routing file too); a 404 naming it when the gateway does not list it
   * (unknown, unconfigured or not allowed).
   */
  async retrieve(id: string, providerId?: string, include: readonly IncludeKey[] = []): Promise<Model> {
    const alias = providerId ? undefined : this.aliases().find((model) => model.id === id);
    if (alias) return withNulls(alias, include);
    const fullId = providerId ? `${providerId.toLowerCase()}/${id}` : id;
    const slash = fullId.indexOf('/');
    const target = slash > 0 ? this.router.usableProviders().find((entry) => entry.provider.id === fullId.slice(0, slash).toLowerCase()) : undefined;
    const models = target ? await this.withMetadata(target, include) : [];
    const found = models.find((model) => model.id === `${target?.provider.id ?? ''}/${fullId.slice(slash + 1)}`);
    if (!found)
      throw new NotFoundError(`The model '${fullId}' does not exist or is not available on this gateway.`, { param: 'model', code: 'model_not_found' });
    return found;
  }

  /** A provider's models, each with the metadata asked for. */
  private async withMetadata({ provider, credentials }: Target, include: readonly IncludeKey[]): Promise<Array<Model & ModelMetadata>> {
    const listed = await this.providerModels(provider, credentials);
    if (include.length === 0) return listed.map((entry) => entry.model);
    const runtime = include.includes('context_window') && listed.length > 0 ? await this.runtimeWindows(provider, credentials, listed) : undefined;
    return listed.map((entry) => ({
      ...entry.model,
      ...modelMetadata(include, provider.id, entry.upstreamId, {
        runtimeContextWindow: runtime?.get(entry.upstreamId),
        listedContextWindow: entry.contextWindow,
      }),
    }));
  }

  private providerModels(provider: LlmProvider, credentials: ProviderCredentials): Promise<ProviderModel[]> {
    return this.cached(this.cache, provider.id, () => {
      const now = Date.now();
      return provider
        .listModels({ credentials, signal: AbortSignal.timeout(this.config.modelsTimeoutMs), limits: this.config })
        .then((upstream) => upstream.filter((model) => this.router.isModelAllowed(provider.id, model.id)).map((model) => toProviderModel(provider.id, model)))
        .then((listed) => {
          this.recorder.recordSuccess(provider.id, now, listed.length);
          return listed;
        })
        .catch((error: unknown) => {
          this.recorder.recordFailure(provider.id, now, describe(error), credentials.apiKey);
          this.logger.warn({ provider: provider.id, reason: describe(error) }, 'provider left out of the model list');
          this.cache.delete(provider.id); // do not cache a failure
          return [];
        });
    });
  }

  /** The context windows a local server runs its models with, cached as its model list is; none when it cannot tell. */
  private runtimeWindows(provider: LlmProvider, credentials: ProviderCredentials, listed: readonly ProviderModel[]): Promise<Map<string, number>> {
    const read = provider.runtimeContextWindows?.bind(provider);
    if (!read) return Promise.resolve(new Map<string, number>());
    return this.cached(this.runtimeCache, provider.id, () =>
      read(
        listed.map((entry) => entry.upstreamId),
        { credentials, signal: AbortSignal.timeout(this.config.modelsTimeoutMs), limits: this.config },
      ).catch(() => new Map<string, number>()),
    );
  }

  private cached<T>(cache: Map<string, CacheEntry<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const entry = cache.get(key);
    if (entry && entry.expiresAt > now) return entry.value;
    const value = load();
    cache.set(key, { expiresAt: now + this.config.modelsCacheTtlMs, value });
    return value;
  }
}

function toProviderModel(providerId: string, model: ListedModel): ProviderModel {
  return {
    model: { id: `${providerId}/${model.id}`, object: 'model', created: model.created, owned_by: model.owned_by },
    upstreamId: model.id,
    ...(model.contextWindow === undefined ? {} : { contextWindow: model.contextWindow }),
  };
}

/** A model the gateway knows nothing more of (an alias): every key asked for is null. */
function withNulls(model: Model, include: readonly IncludeKey[]): Model {
  return include.length === 0 ? model : { ...model, ...Object.fromEntries(include.map((key) => [key, null])) };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
