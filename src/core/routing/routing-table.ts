import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { addLogSecrets } from '../../common/logging/secret-redaction.js';
import { ConfigError } from '../../config/env-parsers.js';
import type { DeploymentSettings, RouteGroupSettings, RoutingFile } from './routing-file/routing-file.js';
import { parseRoutingText, routingConfig } from './routing.config.js';
import { ProviderFactory } from '../../providers/provider.factory.js';
import { FileWatcher } from './file-watcher.js';
import type { DeploymentRoute, RouteGroup } from './route-deployment.js';

/** The routing file as the router uses it: every alias and routed id as a group of routes. */
export interface CompiledRouting {
  aliases: ReadonlyMap<string, RouteGroup>;
  /** Routed `provider/model` ids (provider lower-cased). */
  routes: ReadonlyMap<string, RouteGroup>;
  /** Every group by name, fallback targets included. */
  groups: ReadonlyMap<string, RouteGroup>;
  /** When this file was loaded (epoch seconds), the `created` of its aliases in the model list. */
  loadedAt: number;
}

/**
 * Holds the routing file (`ROUTING_ENABLED`, `ROUTING_CONFIG_PATH`), compiled into groups of
 * routes, and reloads it when it changes: the file's directory is watched (so an editor's rename
 * or a Kubernetes ConfigMap's symlink swap is seen), changes are debounced, and a file whose text
 * did not change is not reloaded. A new file that fails validation is refused and logged; the
 * previous one stays in use.
 */
@Injectable()
export class RoutingTable implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Routing');
  private compiled: CompiledRouting | undefined;
  private textHash: string | undefined;
  private watcher: FileWatcher | undefined;
  private readonly listeners: Array<(routing: CompiledRouting) => void> = [];

  constructor(
    @Inject(routingConfig.KEY) private readonly config: ConfigType<typeof routingConfig>,
    private readonly factory: ProviderFactory,
  ) {}

  /** The routing in force, or undefined when routing is off. */
  get current(): CompiledRouting | undefined {
    return this.compiled;
  }

  /** Called with every routing put in force (the first one included, if already loaded). */
  onChange(listener: (routing: CompiledRouting) => void): void {
    this.listeners.push(listener);
    if (this.compiled) listener(this.compiled);
  }

  async onModuleInit(): Promise<void> {
    const path = this.config.configPath;
    if (!this.config.enabled || !path) return;
    this.textHash = hash(await readFile(path, 'utf8').catch(() => ''));
    this.install(this.config.file);
    this.logger.log({ path, aliases: [...this.config.file.aliases.keys()], routes: [...this.config.file.routes.keys()] }, 'routing file loaded');
    this.watcher = new FileWatcher(
      path,
      () => void this.reload(),
      (error) => this.logger.warn({ path, reason: error.message }, 'cannot watch the routing file; changes need a restart'),
    );
  }

  onApplicationShutdown(): void {
    this.watcher?.close();
  }

  /** Reads the file again and puts it in force if it changed and is valid. */
  async reload(): Promise<boolean> {
    const path = this.config.configPath;
    if (!path) return false;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      this.logger.error({ path, reason: (error as Error).message }, 'routing file refused; the previous one stays in force');
      return false;
    }
    const textHash = hash(text);
    if (textHash === this.textHash) return false;
    let file: RoutingFile;
    try {
      file = parseRoutingText(text, path, process.env, this.config);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.logger.error({ path, reason: error.message }, 'routing file refused; the previous one stays in force');
      return false;
    }
    this.textHash = textHash;
    this.install(file);
    this.logger.log({ path, aliases: [...file.aliases.keys()], routes: [...file.routes.keys()] }, 'routing file reloaded');
    return true;
  }

  private install(file: RoutingFile): void {
    addLogSecrets(file.secrets);
    const groups = new Map<string, RouteGroup>();
    const compile = (settings: RouteGroupSettings) => {
      const group = this.compileGroup(settings);
      groups.set(group.name, group);
      return group;
    };
    const aliases = new Map([...file.aliases].map(([name, settings]) => [name, compile(settings)]));
    const routes = new Map([...file.routes].map(([id, settings]) => [id, compile(settings)]));
    for (const settings of file.plainFallbacks.values()) compile(settings);
    this.compiled = { aliases, routes, groups, loadedAt: Math.floor(Date.now() / 1000) };
    for (const listener of this.listeners) listener(this.compiled);
  }

  private compileGroup(settings: RouteGroupSettings): RouteGroup {
    return {
      name: settings.name,
      strategy: settings.strategy,
      fallbacks: settings.fallbacks,
      turn: 0,
      deployments: settings.deployments.map((deployment, index) => this.compileDeployment(settings, deployment, index)),
    };
  }

  private compileDeployment(group: RouteGroupSettings, deployment: DeploymentSettings, index: number): DeploymentRoute {
    const provider = this.factory.get(deployment.provider);
    if (!provider) throw new Error(`No strategy for the provider "${deployment.provider}".`);
    const identity = [group.name, deployment.provider, deployment.model, deployment.baseUrl, deployment.apiKeyEnv ?? ''].join('\n');
    return {
      provider,
      modelId: `${deployment.provider}/${deployment.model}`,
      upstreamModel: deployment.model,
      credentials: { baseUrl: deployment.baseUrl, apiKey: deployment.apiKey },
      deployment: {
        key: `${group.name}:${deployment.provider}/${deployment.model}:${hash(identity).slice(0, 12)}`,
        group: group.name,
        index,
        weight: deployment.weight,
        retries: group.retries,
        cooldown: group.cooldown,
        timeoutMs: deployment.timeoutMs,
        pooledKey: deployment.apiKeyEnv !== undefined,
        ...(deployment.apiKeyEnv === undefined ? {} : { apiKeyEnv: deployment.apiKeyEnv }),
      },
    };
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
