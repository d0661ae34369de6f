import { registerAs } from '@nestjs/config';
import { boolean, ConfigError, duration, integer, list, oneOf, type Env } from './env-parsers.js';

/** One MCP server the gateway connects to. */
export interface McpServerConfig {
  /** How logs, metrics and tool listings name it: the `name=` of its entry, else its host. */
  name: string;
  url: string;
  /** Sent on every request to the server (its own credentials); never logged. */
  headers: Readonly<Record<string, string>>;
}

export type McpToolMode = 'direct' | 'selector';

const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/**
 * The MCP servers whose tools the gateway offers to models and runs itself. `MCP_SERVERS` is a
 * comma-separated list of URLs (Streamable HTTP, or the legacy SSE transport), each optionally
 * named (`weather=https://…/mcp`); a server's own headers come from `MCP_SERVER_HEADERS_<NAME>`
 * (`Authorization=Bearer abc,X-Team=ml`, values may be percent-encoded).
 */
export function loadMcpConfig(env: Env) {
  // The name an older gateway used: refused rather than ignored when it asks for MCP, so MCP is not silently off.
  if (env.MCP_ENABLE?.trim().toLowerCase() === 'true' && env.MCP_ENABLED === undefined)
    throw new ConfigError('MCP_ENABLE', 'is named MCP_ENABLED here (as AUTH_ENABLED and TELEMETRY_ENABLED are)');
  const enabled = boolean(env, 'MCP_ENABLED', false);
  const servers = enabled ? readServers(env) : [];
  if (enabled && servers.length === 0) throw new ConfigError('MCP_SERVERS', 'is required with MCP_ENABLED=true (comma-separated MCP server URLs)');
  const initialBackoffMs = positive(env, 'MCP_INITIAL_BACKOFF', '1s');
  const reconnectIntervalMs = positive(env, 'MCP_RECONNECT_INTERVAL', '30s');
  if (reconnectIntervalMs < initialBackoffMs) throw new ConfigError('MCP_RECONNECT_INTERVAL', 'must be at least MCP_INITIAL_BACKOFF');
  return {
    enabled,
    servers,
    toolMode: oneOf<McpToolMode>(env, 'MCP_TOOL_MODE', ['direct', 'selector'], 'direct'),
    /** Tool names (`get_weather`, `mcp_get_weather` or `<server>/get_weather`); empty: every tool. */
    includeTools: list(env, 'MCP_INCLUDE_TOOLS'),
    excludeTools: list(env, 'MCP_EXCLUDE_TOOLS'),
    /** Serve `GET /v1/mcp/tools`. */
    expose: boolean(env, 'MCP_EXPOSE', false),
    /** Bound on connecting to a server (initialize, then listing its tools). */
    connectTimeoutMs: positive(env, 'MCP_CLIENT_TIMEOUT', '10s'),
    /** Bound on one tool call. */
    requestTimeoutMs: positive(env, 'MCP_REQUEST_TIMEOUT', '30s'),
    /** First wait before connecting again to a server that is down; it doubles (with jitter) up to `reconnectIntervalMs`. */
    initialBackoffMs,
    reconnectIntervalMs,
    /** Most model calls one request may make. */
    maxIterations: integer(env, 'MCP_MAX_ITERATIONS', 10, 1, 100),
  };
}

function positive(env: Env, name: string, fallback: string): number {
  const value = duration(env, name, fallback);
  if (value <= 0) throw new ConfigError(name, 'must be more than 0');
  return value;
}

function readServers(env: Env): McpServerConfig[] {
  const entries = list(env, 'MCP_SERVERS').map((entry) => {
    const named = /^([^=/:]+)=(.+)$/.exec(entry);
    const url = toUrl(named ? named[2] : entry);
    if (named && !SERVER_NAME.test(named[1])) {
      throw new ConfigError('MCP_SERVERS', `"${named[1]}" is not a server name: letters, digits, "_" and "-", at most 32 characters`);
    }
    return { url, name: named?.[1] };
  });
  const hosts = entries.map((entry) => new URL(entry.url).hostname);
  const servers = entries.map((entry, index) => {
    const host = hosts[index];
    const unique = hosts.filter((other) => other === host).length === 1;
    const name = entry.name ?? (unique ? host : `${host}-${new URL(entry.url).port || 'default'}`);
    return { name, url: entry.url };
  });
  const seen = new Set<string>();
  for (const { name } of servers) {
    if (seen.has(name)) throw new ConfigError('MCP_SERVERS', `two servers are named "${name}": name them (name=https://…)`);
    seen.add(name);
  }
  return servers.map((server) => {
    const { url, authorization } = withoutCredentials(server.url);
    const headers = readHeaders(env, headersVariable(server.name));
    const named = Object.keys(headers).some((header) => header.toLowerCase() === 'authorization');
    return { ...server, url, headers: authorization && !named ? { Authorization: authorization, ...headers } : headers };
  });
}

/**
 * Credentials in a server's URL (`https://user:pass@host/mcp`) become its `Authorization: Basic`
 * header, as HTTP clients send them: `fetch` refuses a URL that holds them (with an error that
 * quotes it), so left in place they would never reach the server and would reach the logs.
 */
function withoutCredentials(raw: string): { url: string; authorization?: string } {
  const url = new URL(raw);
  if (!url.username && !url.password) return { url: raw };
  const pair = `${decoded(url.username)}:${decoded(url.password)}`;
  url.username = '';
  url.password = '';
  return { url: url.toString(), authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
}

function decoded(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

function toUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('MCP_SERVERS', `expected http(s) URLs, got "${redactUrl(raw)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('MCP_SERVERS', `expected http(s) URLs, got "${redactUrl(raw)}"`);
  return url.toString();
}

/** A URL as it may appear in a message: no credentials, no query. */
function redactUrl(raw: string): string {
  return raw.replace(/\/\/[^/@]*@/, '//').replace(/\?.*$/, '');
}

/** `MCP_SERVER_HEADERS_<NAME>`: the server's name upper-cased, other characters as `_`. */
export function headersVariable(serverName: string): string {
  return `MCP_SERVER_HEADERS_${serverName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `Name=value,Name2=value2` (the OpenTelemetry headers format); values may be percent-encoded. Messages never quote a value. */
function readHeaders(env: Env, variable: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of list(env, variable)) {
    const separator = entry.indexOf('=');
    const name = separator > 0 ? entry.slice(0, separator).trim() : '';
    if (!HEADER_NAME.test(name)) throw new ConfigError(variable, 'expected Name=value pairs separated by commas');
    let value: string;
    try {
      value = decodeURIComponent(entry.slice(separator + 1).trim());
    } catch {
      throw new ConfigError(variable, `the value of ${name} is not valid percent-encoding`);
    }
    if (/[\r\n\0]/.test(value)) throw new ConfigError(variable, `the value of ${name} holds a line break`);
    headers[name] = value;
  }
  return headers;
}

export const mcpConfig = registerAs('mcp', () => loadMcpConfig(process.env));
export type McpConfig = ReturnType<typeof loadMcpConfig>;
