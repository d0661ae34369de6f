import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Readable } from 'node:stream';
import { Agent, interceptors, type Dispatcher } from 'undici';
import { clientConfig } from '../../config/client.config.js';
import { toUpstreamError } from '../errors/upstream-error.js';
import { GATEWAY_USER_AGENT } from '../gateway-version.js';
import { readUpstreamErrorText, readUpstreamJson } from './upstream-body.js';

export interface UpstreamRequest {
  /** Pool key: one keep-alive pool per provider. */
  pool: string;
  /** `https://host:port` of the provider. */
  origin: string;
  /** Path and query, e.g. `/v1/chat/completions`. */
  path: string;
  method?: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  /** The id of the client's request, sent as `x-request-id` (the provider may log it). */
  requestId?: string;
  body?: string | Buffer | Readable | null;
  signal?: AbortSignal;
  /** Time allowed until the response headers arrive. */
  headersTimeoutMs: number;
  /** Time allowed between two body reads (0: none). */
  bodyTimeoutMs: number;
  /**
   * Undo a Content-Encoding the provider used anyway (gzip, deflate, br, zstd), so its answer can
   * be read; default true. `/proxy` relays bytes as they come and turns this off.
   */
  decode?: boolean;
}

export type UpstreamResponse = Dispatcher.ResponseData;
export type UpstreamResponseHeaders = UpstreamResponse['headers'];

/**
 * The gateway's only way out to providers: undici agents, one per provider, with keep-alive
 * connection pools. Nothing else opens upstream connections. Every call names the gateway and its
 * version in `User-Agent` (unless the request carries its own: `/proxy` passes the caller's on).
 */
@Injectable()
export class UpstreamClient implements OnApplicationShutdown {
  private readonly agents = new Map<string, { agent: Agent; decoding: Dispatcher }>();

  constructor(@Inject(clientConfig.KEY) private readonly config: ConfigType<typeof clientConfig>) {}

  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const pool = this.pool(request.pool);
    return (request.decode === false ? pool.agent : pool.decoding).request({
      origin: request.origin,
      path: request.path,
      method: request.method ?? 'POST',
      headers:
        request.requestId === undefined
          ? { 'user-agent': GATEWAY_USER_AGENT, ...request.headers }
          : { 'user-agent': GATEWAY_USER_AGENT, 'x-request-id': request.requestId, ...request.headers },
      body: request.body ?? null,
      signal: request.signal,
      headersTimeout: request.headersTimeoutMs,
      bodyTimeout: request.bodyTimeoutMs,
    });
  }

  /** Sends a request and returns the parsed JSON body (bounded); non-2xx answers throw the mapped upstream error. */
  async sendForJson<T>(request: UpstreamRequest): Promise<T> {
    const response = await this.send(request);
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw toUpstreamError(response.statusCode, response.headers, await readUpstreamErrorText(response.body));
    }
    return (await readUpstreamJson(response.body, this.config.maxResponseBodyBytes)) as T;
  }

  /** The provider's connection pool, and the same pool undoing content encodings (error answers included). */
  private pool(name: string): { agent: Agent; decoding: Dispatcher } {
    let pool = this.agents.get(name);
    if (!pool) {
      const agent = new Agent({
        keepAliveTimeout: this.config.idleConnectionTimeoutMs,
        keepAliveMaxTimeout: Math.max(this.config.idleConnectionTimeoutMs, 600_000),
        connections: this.config.maxConnectionsPerHost || null,
        pipelining: 1,
        connect: { timeout: this.config.connectTimeoutMs },
      });
      pool = { agent, decoding: agent.compose(interceptors.decompress({ skipErrorResponses: false })) };
      this.agents.set(name, pool);
    }
    return pool;
  }

  /** Runs after in-flight requests were drained: whatever is still open upstream is cut. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.agents.values()].map(({ agent }) => agent.destroy()));
    this.agents.clear();
  }
}
