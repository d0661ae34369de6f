import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { NotFoundError } from '../../common/errors/gateway-error.js';
import type { Model, ModelList } from '../../common/openai/chat-completion.types.js';
import { clientConfig } from '../../config/client.config.js';
import type { LlmProvider, ProviderCredentials } from '../../providers/llm-provider.js';
import { ProviderRouter } from '../routing/provider-router.js';
import { ModelListRecorder } from './model-list-recorder.js';

interface CacheEntry {
  expiresAt: number;
  models: Promise<Model[]>;
}

/**
 * The routing file's aliases (`owned_by: "gateway"`) and the models of every usable provider,
 * fetched in parallel with a per-provider timeout and cached briefly. A provider that fails is
 * left out of the list (and logged); it never fails the list.
 */
@Injectable()
export class ModelsService {
  private readonly logger = new Logger(ModelsService.name);
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly router: ProviderRouter,
    @Inject(clientConfig.KEY) private readonly config: ConfigType<typeof clientConfig>,
    private readonly recorder: ModelListRecorder,
  ) {}

  async list(providerId?: string): Promise<ModelList> {
    let targets: Array<{ provider: LlmProvider; credentials: ProviderCredentials }>;
    if (providerId) {
      const id = this.router.knownProviderId(providerId);
      targets = this.router.usableProviders().filter((entry) => entry.provider.id === id);
    } else {
      targets = this.router.usableProviders();
    }
    const lists = await Promise.all(targets.map(({ provider, credentials }) => this.providerModels(provider, credentials)));
    return { object: 'list', data: [...(providerId ? [] : this.aliases()), ...lists.flat()] };
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
  async retrieve(id: string, providerId?: string): Promise<Model> {
    const alias = providerId ? undefined : this.aliases().find((model) => model.id === id);
    if (alias) return alias;
    const fullId = providerId ? `${providerId.toLowerCase()}/${id}` : id;
    const slash = fullId.indexOf('/');
    const target = slash > 0 ? this.router.usableProviders().find((entry) => entry.provider.id === fullId.slice(0, slash).toLowerCase()) : undefined;
    const models = target ? await this.providerModels(target.provider, target.credentials) : [];
    const found = models.find((model) => model.id === `${target?.provider.id ?? ''}/${fullId.slice(slash + 1)}`);
    if (!found)
      throw new NotFoundError(`The model '${fullId}' does not exist or is not available on this gateway.`, { param: 'model', code: 'model_not_found' });
    return found;
  }

  private providerModels(provider: LlmProvider, credentials: ProviderCredentials): Promise<Model[]> {
    const now = Date.now();
    const cached = this.cache.get(provider.id);
    if (cached && cached.expiresAt > now) return cached.models;

    const models = provider
      .listModels({ credentials, signal: AbortSignal.timeout(this.config.modelsTimeoutMs), limits: this.config })
      .then((upstream) =>
        upstream
          .filter((model) => this.router.isModelAllowed(provider.id, model.id))
          .map((model) => ({ id: `${provider.id}/${model.id}`, object: 'model' as const, created: model.created, owned_by: model.owned_by })),
      )
      .then((listed) => {
        this.recorder.recordSuccess(provider.id, now, listed.length);
        return listed;
      })
      .catch((error: unknown) => {
        this.recorder.recordFailure(provider.id, now, describe(error), credentials.apiKey);
        this.logger.warn({ provider: provider.id, reason: describe(error) }, 'provider left out of the model list');
        this.cache.delete(provider.id); // do not cache a failure
        return [] as Model[];
      });
    this.cache.set(provider.id, { expiresAt: now + this.config.modelsCacheTtlMs, models });
    return models;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
