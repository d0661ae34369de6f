import { registerAs } from '@nestjs/config';
import { readFileSync } from 'node:fs';
import { PROVIDER_CATALOG } from '../../providers/provider-catalog.js';
import { boolean, ConfigError, list, type Env } from '../../config/env-parsers.js';
import { loadProvidersConfig } from '../../providers/providers.config.js';
import { EMPTY_ROUTING_FILE, type RoutingFile } from './routing-file/routing-file.js';
import { parseRoutingFile, RoutingFileError } from './routing-file/routing-file.parse.js';

export interface ModelLists {
  allowedModels: readonly string[];
  disallowedModels: readonly string[];
}

export function loadRoutingConfig(env: Env) {
  const lists: ModelLists = {
    /** Entries are full ids (`openai/gpt-4o`) or bare model names (`gpt-4o`), lower-cased. */
    allowedModels: list(env, 'ALLOWED_MODELS').map((entry) => entry.toLowerCase()),
    disallowedModels: list(env, 'DISALLOWED_MODELS').map((entry) => entry.toLowerCase()),
  };
  const enabled = boolean(env, 'ROUTING_ENABLED', false);
  const configPath = env.ROUTING_CONFIG_PATH?.trim() || undefined;
  if (enabled && !configPath) throw new ConfigError('ROUTING_CONFIG_PATH', 'is required with ROUTING_ENABLED=true (the path of the routing file, YAML)');
  return {
    ...lists,
    enabled,
    configPath: enabled ? configPath : undefined,
    /** Aliases, routes and fallbacks; empty when routing is off. */
    file: enabled && configPath ? readRoutingFile(configPath, env, lists) : EMPTY_ROUTING_FILE,
  };
}

/** Reads and validates the routing file; a problem stops start-up naming the file, the line and the key. */
export function readRoutingFile(path: string, env: Env, lists: ModelLists): RoutingFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('ROUTING_CONFIG_PATH', `cannot read ${path}: ${(error as Error).message}`);
  }
  return parseRoutingText(text, path, env, lists);
}

/** Validates the text of the routing file at `path`; problems are a ConfigError naming the file, lines and keys. */
export function parseRoutingText(text: string, path: string, env: Env, lists: ModelLists): RoutingFile {
  try {
    return parseRoutingFile(text, {
      env,
      catalog: PROVIDER_CATALOG,
      providers: loadProvidersConfig(env).providers,
      isModelAllowed: (providerId, model) => isModelAllowed(lists, providerId, model),
    });
  } catch (error) {
    if (error instanceof RoutingFileError) throw new ConfigError('ROUTING_CONFIG_PATH', `${path}: ${error.message}`);
    throw error;
  }
}

/** ALLOWED_MODELS / DISALLOWED_MODELS: full ids or bare names, case-insensitive. */
export function isModelAllowed(lists: ModelLists, providerId: string, upstreamModel: string): boolean {
  const full = `${providerId}/${upstreamModel}`.toLowerCase();
  const bare = upstreamModel.toLowerCase();
  if (lists.disallowedModels.includes(full) || lists.disallowedModels.includes(bare)) return false;
  if (lists.allowedModels.length === 0) return true;
  return lists.allowedModels.includes(full) || lists.allowedModels.includes(bare);
}

export const routingConfig = registerAs('routing', () => loadRoutingConfig(process.env));
export type RoutingConfig = ReturnType<typeof loadRoutingConfig>;
