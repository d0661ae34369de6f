import { LineCounter, parseDocument } from 'yaml';
import { needsKey, type ProviderDescriptor } from '../../../providers/provider-catalog.js';
import type { Env } from '../../../config/env-parsers.js';
import type { ProviderSettings } from '../../../providers/providers.config.js';
import {
  DEFAULT_COOLDOWN,
  DEFAULT_RETRIES,
  EMPTY_ROUTING_FILE,
  ROUTING_STRATEGIES,
  type CooldownSettings,
  type DeploymentSettings,
  type RetrySettings,
  type RouteGroupSettings,
  type RoutingFile,
} from './routing-file.js';
import { YamlReader, type Field, type RoutingFileIssue } from './yaml-reader.js';

/** What validating the file needs to know of the rest of the configuration. */
export interface RoutingFileContext {
  env: Env;
  catalog: readonly ProviderDescriptor[];
  /** `<PROVIDER>_API_URL` / `_API_KEY` of every provider. */
  providers: Record<string, ProviderSettings>;
  /** ALLOWED_MODELS / DISALLOWED_MODELS. */
  isModelAllowed(providerId: string, model: string): boolean;
}

/** A routing file that cannot be used; every problem is listed with its line and key. */
export class RoutingFileError extends Error {
  constructor(readonly issues: readonly RoutingFileIssue[]) {
    super(issues.map((issue) => `line ${issue.line}${issue.path ? `, ${issue.path}` : ''}: ${issue.message}`).join('; '));
    this.name = 'RoutingFileError';
  }
}

const MAX_DURATION_MS = 3_600_000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const GROUP_KEYS = ['strategy', 'deployments', 'retries', 'cooldown', 'fallbacks', 'timeout'] as const;
const ROUTE_KEYS = ['retries', 'cooldown', 'fallbacks', 'timeout'] as const;
const DEPLOYMENT_KEYS = ['provider', 'model', 'weight', 'api_key_env', 'api_url', 'timeout'] as const;

/**
 * Reads and validates a routing file (YAML): aliases under `models`, routed `provider/model` ids
 * under `routes`. Every problem is collected with its line and key path; any problem makes the
 * whole file unusable (a RoutingFileError). Keys are read from the environment variables the
 * file names, never written into the file.
 */
export function parseRoutingFile(text: string, context: RoutingFileContext): RoutingFile {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new RoutingFileError(document.errors.map((error) => ({ line: lines.linePos(error.pos[0]).line, path: '', message: error.message })));
  }
  if (document.contents === null) return EMPTY_ROUTING_FILE;
  const parser = new RoutingFileParser(new YamlReader(document, lines), context);
  const file = parser.read(document.contents);
  if (parser.reader.issues.length > 0) throw new RoutingFileError([...parser.reader.issues].sort((a, b) => a.line - b.line));
  return file;
}

class RoutingFileParser {
  private readonly secrets = new Set<string>();
  private readonly knownProviders: Map<string, ProviderDescriptor>;

  constructor(
    readonly reader: YamlReader,
    private readonly context: RoutingFileContext,
  ) {
    this.knownProviders = new Map(context.catalog.map((descriptor) => [descriptor.id, descriptor]));
  }

  read(root: unknown): RoutingFile {
    const top = this.reader.map(root, '', ['models', 'routes']);
    const aliases = new Map<string, RouteGroupSettings>();
    const routes = new Map<string, RouteGroupSettings>();
    const fallbackFields = new Map<RouteGroupSettings, Field[]>();
    const models = top?.get('models');
    for (const [name, field] of (models ? this.reader.map(models.node, 'models') : undefined) ?? []) {
      if (this.providerPrefix(name)) {
        this.reader.fail(
          field.key,
          field.path,
          `an alias cannot start with a provider id ("${this.providerPrefix(name)}/"); list provider/model ids under routes`,
        );
        continue;
      }
      const group = this.group(name, field, 'alias', fallbackFields);
      if (group) aliases.set(name, group);
    }
    const routesField = top?.get('routes');
    for (const [id, field] of (routesField ? this.reader.map(routesField.node, 'routes') : undefined) ?? []) {
      const target = this.plainId(id, field, 'key');
      if (!target) continue;
      const group = this.group(target.id, field, 'route', fallbackFields, target);
      if (group) routes.set(target.id, group);
    }
    const plainFallbacks = new Map<string, RouteGroupSettings>();
    for (const [group, fields] of fallbackFields) {
      group.fallbacks = fields.flatMap((field) => this.fallback(field, group, aliases, routes, plainFallbacks) ?? []);
    }
    return { aliases, routes, plainFallbacks, secrets: [...this.secrets] };
  }

  private group(
    name: string,
    field: Field,
    kind: 'alias' | 'route',
    fallbackFields: Map<RouteGroupSettings, Field[]>,
    route?: { provider: string; model: string },
  ): RouteGroupSettings | undefined {
    const fields = this.reader.map(field.node, field.path, kind === 'alias' ? GROUP_KEYS : ROUTE_KEYS);
    if (!fields) return undefined;
    const get = (key: string) => fields.get(key);
    const timeoutField = get('timeout');
    const timeoutMs = timeoutField ? this.reader.duration(timeoutField, MAX_DURATION_MS) : undefined;
    const strategyField = get('strategy');
    const group: RouteGroupSettings = {
      name,
      strategy: (strategyField ? this.reader.oneOf(strategyField, ROUTING_STRATEGIES) : undefined) ?? (kind === 'alias' ? 'round_robin' : 'priority'),
      retries: this.retries(get('retries')),
      cooldown: this.cooldown(get('cooldown')),
      deployments: [],
      fallbacks: [],
    };
    if (route) {
      const deployment = this.defaultDeployment(route.provider, route.model, timeoutMs, field);
      if (deployment) group.deployments.push(deployment);
    } else {
      const list = get('deployments');
      if (!list) this.reader.fail(field.key, field.path, 'an alias needs deployments: a list of {provider, model}');
      const items = list ? this.reader.list(list.node, list.path) : undefined;
      if (list && items?.length === 0) this.reader.fail(list.node, list.path, 'an alias needs at least one deployment');
      for (const item of items ?? []) {
        const deployment = this.deployment(item, timeoutMs);
        if (deployment) group.deployments.push(deployment);
      }
    }
    const fallbacks = get('fallbacks');
    if (fallbacks) fallbackFields.set(group, this.reader.list(fallbacks.node, fallbacks.path) ?? []);
    return group;
  }

  private retries(field: Field | undefined): RetrySettings {
    if (!field) return DEFAULT_RETRIES;
    const fields = this.reader.map(field.node, field.path, ['attempts', 'backoff', 'max_retry_after']);
    const attempts = fields?.get('attempts');
    const backoff = fields?.get('backoff');
    const maxRetryAfter = fields?.get('max_retry_after');
    return {
      attempts: (attempts ? this.reader.integer(attempts, 1, 10) : undefined) ?? DEFAULT_RETRIES.attempts,
      backoffMs: (backoff ? this.reader.duration(backoff, 60_000) : undefined) ?? DEFAULT_RETRIES.backoffMs,
      maxRetryAfterMs: (maxRetryAfter ? this.reader.duration(maxRetryAfter, MAX_DURATION_MS) : undefined) ?? DEFAULT_RETRIES.maxRetryAfterMs,
    };
  }

  private cooldown(field: Field | undefined): CooldownSettings | undefined {
    if (!field) return DEFAULT_COOLDOWN;
    if (this.reader.isOff(field)) return undefined;
    const fields = this.reader.map(field.node, field.path, ['failures', 'window', 'duration']);
    const failures = fields?.get('failures');
    const window = fields?.get('window');
    const duration = fields?.get('duration');
    return {
      failures: (failures ? this.reader.integer(failures, 1, 10_000) : undefined) ?? DEFAULT_COOLDOWN.failures,
      windowMs: (window ? this.reader.duration(window, MAX_DURATION_MS) : undefined) ?? DEFAULT_COOLDOWN.windowMs,
      durationMs: (duration ? this.reader.duration(duration, MAX_DURATION_MS) : undefined) ?? DEFAULT_COOLDOWN.durationMs,
    };
  }

  private deployment(item: Field, groupTimeoutMs: number | undefined): DeploymentSettings | undefined {
    const fields = this.reader.map(item.node, item.path, DEPLOYMENT_KEYS);
    if (!fields) return undefined;
    const providerField = fields.get('provider');
    const modelField = fields.get('model');
    if (!providerField) this.reader.fail(item.node, item.path, 'a deployment needs a provider');
    if (!modelField) this.reader.fail(item.node, item.path, 'a deployment needs a model');
    const providerName = providerField ? this.reader.string(providerField) : undefined;
    const provider = providerName !== undefined && providerField ? this.knownProvider(providerName, providerField) : undefined;
    const model = modelField ? this.reader.string(modelField) : undefined;
    const weightField = fields.get('weight');
    const weight = (weightField ? this.reader.positiveNumber(weightField, 1_000_000) : undefined) ?? 1;
    const timeoutField = fields.get('timeout');
    const timeoutMs = (timeoutField ? this.reader.duration(timeoutField, MAX_DURATION_MS) : undefined) ?? groupTimeoutMs;
    const keyField = fields.get('api_key_env');
    const apiKeyEnv = keyField ? this.reader.string(keyField) : undefined;
    const apiKey = apiKeyEnv !== undefined && keyField ? this.keyFrom(apiKeyEnv, keyField) : undefined;
    const urlField = fields.get('api_url');
    const apiUrl = urlField ? this.url(urlField) : undefined;
    if (!provider || model === undefined) return undefined;
    if (!this.context.isModelAllowed(provider.id, model)) {
      this.reader.fail(modelField?.node, modelField?.path ?? item.path, `"${provider.id}/${model}" is refused by ALLOWED_MODELS / DISALLOWED_MODELS`);
    }
    const settings = this.context.providers[provider.id];
    const baseUrl = apiUrl ?? settings.baseUrl;
    const key = apiKeyEnv !== undefined ? apiKey : settings.apiKey;
    const placeholder = /\{([A-Z_]+)\}/.exec(baseUrl);
    if (placeholder) {
      this.reader.fail(
        item.node,
        item.path,
        `the URL of "${provider.id}" still has its ${placeholder[1]} placeholder: set api_url or ${provider.id.toUpperCase()}_API_URL`,
      );
    } else if (needsKey(provider, baseUrl) && !key && apiKeyEnv === undefined) {
      this.reader.fail(item.node, item.path, `"${provider.id}" needs a key: set ${provider.id.toUpperCase()}_API_KEY or api_key_env`);
    }
    return { provider: provider.id, model, weight, baseUrl, apiKey: key, timeoutMs, ...(apiKeyEnv === undefined ? {} : { apiKeyEnv }) };
  }

  /** The deployment of a plain `provider/model`: the provider's own URL and key. */
  private defaultDeployment(providerId: string, model: string, timeoutMs: number | undefined, field: Field): DeploymentSettings | undefined {
    const settings = this.context.providers[providerId];
    if (settings.unusableReason) {
      this.reader.fail(field.key, field.path, `provider "${providerId}" is not configured: ${settings.unusableReason}`);
      return;
    }
    return { provider: providerId, model, weight: 1, baseUrl: settings.baseUrl, apiKey: settings.apiKey, timeoutMs };
  }

  /** A `provider/model` id (a route key or a fallback): known provider, allowed model. */
  private plainId(raw: string, field: Field, where: 'key' | 'value'): { id: string; provider: string; model: string } | undefined {
    const node = where === 'key' ? field.key : field.node;
    const slash = raw.indexOf('/');
    const providerId = slash > 0 ? raw.slice(0, slash).toLowerCase() : '';
    const model = slash > 0 ? raw.slice(slash + 1) : '';
    if (!this.knownProviders.has(providerId) || !model) {
      this.reader.fail(node, field.path, `"${raw}" is neither an alias nor a provider/model id (providers: ${[...this.knownProviders.keys()].join(', ')})`);
      return;
    }
    if (!this.context.isModelAllowed(providerId, model)) {
      this.reader.fail(node, field.path, `"${raw}" is refused by ALLOWED_MODELS / DISALLOWED_MODELS`);
      return;
    }
    return { id: `${providerId}/${model}`, provider: providerId, model };
  }

  private fallback(
    field: Field,
    group: RouteGroupSettings,
    aliases: ReadonlyMap<string, RouteGroupSettings>,
    routes: ReadonlyMap<string, RouteGroupSettings>,
    plainFallbacks: Map<string, RouteGroupSettings>,
  ): string | undefined {
    const name = this.reader.string(field);
    if (name === undefined) return undefined;
    if (name === group.name) {
      this.reader.fail(field.node, field.path, 'a fallback cannot be the alias or route itself');
      return;
    }
    if (aliases.has(name)) return name;
    const target = this.plainId(name, field, 'value');
    if (!target) return undefined;
    if (routes.has(target.id) || plainFallbacks.has(target.id)) return target.id;
    const deployment = this.defaultDeployment(target.provider, target.model, undefined, field);
    if (!deployment) return undefined;
    plainFallbacks.set(target.id, {
      name: target.id,
      strategy: 'priority',
      retries: DEFAULT_RETRIES,
      cooldown: DEFAULT_COOLDOWN,
      deployments: [deployment],
      fallbacks: [],
    });
    return target.id;
  }

  private knownProvider(name: string, field: Field): ProviderDescriptor | undefined {
    const descriptor = this.knownProviders.get(name.toLowerCase());
    if (!descriptor) this.reader.fail(field.node, field.path, `unknown provider "${name}"; known providers: ${[...this.knownProviders.keys()].join(', ')}`);
    return descriptor;
  }

  /** The key in the named environment variable; only the name is ever shown. */
  private keyFrom(name: string, field: Field): string | undefined {
    if (!ENV_NAME.test(name)) {
      this.reader.fail(field.node, field.path, `"${name}" is not an environment variable name`);
      return;
    }
    const value = this.context.env[name]?.trim();
    if (!value) {
      this.reader.fail(field.node, field.path, `the environment variable ${name} is not set`);
      return;
    }
    this.secrets.add(value);
    return value;
  }

  private url(field: Field): string | undefined {
    const raw = this.reader.string(field);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw.replace(/\{[A-Z_]+\}/g, 'placeholder'));
      if (url.protocol === 'http:' || url.protocol === 'https:') return raw.replace(/\/+$/, '');
    } catch {
      // reported below
    }
    this.reader.fail(field.node, field.path, `expected an http(s) URL, got "${raw}"`);
  }

  /** The provider id an alias name starts with (`openai/...`), if any. */
  private providerPrefix(name: string): string | undefined {
    const slash = name.indexOf('/');
    const prefix = slash > 0 ? name.slice(0, slash).toLowerCase() : '';
    return this.knownProviders.has(prefix) ? prefix : undefined;
  }
}
