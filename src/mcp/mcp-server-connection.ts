import { Logger } from '@nestjs/common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import type { McpServerConfig } from '../config/mcp.config.js';
import { errorMessage, McpCallFailure } from './mcp-call-failure.js';

export type McpServerState = 'connecting' | 'connected' | 'down' | 'closed';
export type McpTransportKind = 'streamable-http' | 'sse';

export interface McpConnectionOptions {
  clientInfo: { name: string; version: string };
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  initialBackoffMs: number;
  reconnectIntervalMs: number;
  /** Called whenever the server's tools change (listed, re-listed, or gone with the server). */
  onToolsChanged(): void;
}

/** Statuses at which a Streamable HTTP endpoint says it is not one: try the legacy SSE transport (MCP 2025-03-26, backwards compatibility). */
const LEGACY_STATUSES = new Set([400, 404, 405]);

/**
 * One MCP server, connected in the background and kept connected: Streamable HTTP first, the
 * legacy HTTP+SSE transport when the server answers that it is not a Streamable HTTP endpoint;
 * retried with jittered exponential backoff while it is down (start-up never waits for it); its
 * tools listed (every page) on connecting, on `notifications/tools/list_changed` and on every
 * reconnection. A transport error makes it check the server with a ping; a server that does not
 * answer is down: its tools are withdrawn, the calls in flight end as disconnected, and it is
 * connected again.
 */
export class McpServerConnection {
  state: McpServerState = 'connecting';
  transport: McpTransportKind | undefined;
  tools: readonly Tool[] = [];
  private client: Client | undefined;
  /** Aborted when the connection is lost: ends the calls in flight on it. */
  private session = new AbortController();
  private readonly closing = new AbortController();
  private checking = false;
  private readonly logger = new Logger('Mcp');

  constructor(
    readonly config: McpServerConfig,
    private readonly options: McpConnectionOptions,
  ) {}

  get name(): string {
    return this.config.name;
  }

  /** Connects in the background; never throws. */
  start(): void {
    void this.connectUntilUp();
  }

  async close(): Promise<void> {
    this.state = 'closed';
    this.closing.abort();
    this.session.abort(new McpCallFailure('disconnected', 'The gateway is shutting down.'));
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
  }

  /** Calls a tool; a failure is an McpCallFailure saying what kind. */
  async call(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult> {
    const client = this.client;
    if (this.state !== 'connected' || !client) throw new McpCallFailure('unavailable', `The MCP server "${this.name}" is not connected.`);
    const session = this.session.signal;
    try {
      return (await client.callTool({ name, arguments: args }, undefined, {
        signal: AbortSignal.any([signal, session]),
        timeout: this.options.requestTimeoutMs,
      })) as CallToolResult;
    } catch (error) {
      if (signal.aborted) throw new McpCallFailure('cancelled', 'The client went away.');
      if (session.aborted) throw session.reason instanceof McpCallFailure ? session.reason : new McpCallFailure('disconnected', 'The MCP server went away.');
      const failure = McpCallFailure.from(error, this.options.requestTimeoutMs);
      if (failure.outcome === 'disconnected') this.check(client);
      throw failure;
    }
  }

  private async connectUntilUp(): Promise<void> {
    // Unreferenced: a wait before the next try never keeps the process alive.
    const policy = retry(handleAll, {
      maxAttempts: Number.POSITIVE_INFINITY,
      backoff: new ExponentialBackoff({ initialDelay: this.options.initialBackoffMs, maxDelay: this.options.reconnectIntervalMs }),
    }).dangerouslyUnref();
    policy.onRetry(({ delay, ...reason }) => {
      const message = 'error' in reason ? errorMessage(reason.error) : 'no answer';
      this.logger.warn({ server: this.name, reason: message, retryInMs: Math.round(delay) }, 'MCP server unreachable; retrying');
    });
    try {
      await policy.execute(() => this.connectOnce(), this.closing.signal);
    } catch {
      // Only stopping (closing) ends the retries.
    }
  }

  private async connectOnce(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.state = 'connecting';
    const { client, transport } = await this.open();
    try {
      const tools = await this.listTools(client);
      if (this.closing.signal.aborted) {
        await client.close();
        return;
      }
      this.client = client;
      this.transport = transport;
      this.session = new AbortController();
      this.tools = tools;
      this.state = 'connected';
      client.onerror = () => this.check(client);
      client.onclose = () => this.lost(client, 'the connection closed');
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.relist(client));
      this.logger.log({ server: this.name, transport, tools: tools.length }, 'MCP server connected');
      this.options.onToolsChanged();
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  /** Streamable HTTP, or the legacy SSE transport when the URL is not a Streamable HTTP endpoint. */
  private async open(): Promise<{ client: Client; transport: McpTransportKind }> {
    const url = new URL(this.config.url);
    const requestInit = { headers: { ...this.config.headers } };
    const connect = { timeout: this.options.connectTimeoutMs, signal: this.closing.signal };
    const streamable = new Client(this.options.clientInfo, { capabilities: {} });
    try {
      await streamable.connect(new StreamableHTTPClientTransport(url, { requestInit, reconnectionOptions: RECONNECTION }), connect);
      return { client: streamable, transport: 'streamable-http' };
    } catch (error) {
      await streamable.close().catch(() => undefined);
      if (!(error instanceof StreamableHTTPError && error.code !== undefined && LEGACY_STATUSES.has(error.code))) throw error;
    }
    const legacy = new Client(this.options.clientInfo, { capabilities: {} });
    // Deprecated by the SDK, and still what older servers speak: the fallback the specification asks for.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    await legacy.connect(new SSEClientTransport(url, { requestInit }), connect);
    return { client: legacy, transport: 'sse' };
  }

  private async listTools(client: Client): Promise<Tool[]> {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, { timeout: this.options.connectTimeoutMs, signal: this.closing.signal });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  private relist(client: Client): void {
    this.listTools(client).then(
      (tools) => {
        if (client !== this.client) return;
        this.tools = tools;
        this.logger.log({ server: this.name, tools: tools.length }, 'MCP server tools changed');
        this.options.onToolsChanged();
      },
      (error: unknown) => {
        this.logger.warn({ server: this.name, reason: errorMessage(error) }, 'MCP tools not re-listed');
        this.check(client);
      },
    );
  }

  /** After a transport error: a server that still answers a ping stays; one that does not is down. */
  private check(client: Client): void {
    if (this.checking || client !== this.client) return;
    this.checking = true;
    client
      .ping({ timeout: this.options.connectTimeoutMs })
      .then(
        () => undefined,
        (error: unknown) => this.lost(client, errorMessage(error)),
      )
      .finally(() => (this.checking = false));
  }

  private lost(client: Client, reason: string): void {
    if (client !== this.client || this.state !== 'connected') return;
    this.client = undefined;
    this.state = 'down';
    this.tools = [];
    this.session.abort(new McpCallFailure('disconnected', `The MCP server "${this.name}" went away during the call.`));
    this.logger.warn({ server: this.name, reason }, 'MCP server disconnected; reconnecting');
    this.options.onToolsChanged();
    client.onclose = undefined;
    void client.close().catch(() => undefined);
    this.start();
  }
}

/** The SDK's own retries of a dropped event stream: few and quick, the connection's backoff does the rest. */
const RECONNECTION = { initialReconnectionDelay: 500, maxReconnectionDelay: 2000, reconnectionDelayGrowFactor: 2, maxRetries: 1 };
