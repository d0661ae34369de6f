import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A tool of the test server: `run` may throw (the caller gets an `isError` result, as SDK servers answer) or wait on `signal`. */
export interface TestTool {
  name: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  run(args: Record<string, unknown>, context: { signal: AbortSignal; server: McpTestServer }): Promise<CallToolResult> | CallToolResult;
}

export interface McpTestServer {
  /** The URL to put in MCP_SERVERS: `/mcp` (Streamable HTTP) or `/sse` (legacy SSE). */
  url: string;
  /** Every tool call, in order. */
  calls: Array<{ tool: string; arguments: Record<string, unknown> }>;
  /** The headers of every HTTP request the server got. */
  headers: IncomingHttpHeaders[];
  /** Calls the client cancelled (`notifications/cancelled`). */
  cancelled: string[];
  /** Replaces the tools and tells every connected client (`notifications/tools/list_changed`). */
  setTools(tools: TestTool[]): Promise<void>;
  /** While refusing, the server drops every connection as it arrives (a server that is down); it starts refusing with every open connection dropped. */
  refuse(refusing: boolean): void;
  close(): Promise<void>;
}

/**
 * A real MCP server built with the SDK, on a loopback port the OS picks: Streamable HTTP (stateful
 * sessions, the GET stream for notifications) or the legacy HTTP+SSE transport (GET `/sse`, POST
 * `/messages`; a POST to `/sse` is a 405, so clients fall back to it).
 */
export async function startMcpTestServer(options: { transport: 'streamable-http' | 'sse'; tools: TestTool[]; refusing?: boolean }): Promise<McpTestServer> {
  let tools = options.tools;
  let refusing = options.refusing ?? false;
  const sessions = new Map<string, { server: Server; handle(request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void> }>();
  const sockets = new Set<Socket>();
  const calls: McpTestServer['calls'] = [];
  const headers: IncomingHttpHeaders[] = [];
  const cancelled: string[] = [];

  const newServer = (): Server => {
    const server = new Server({ name: 'test-tools', version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: tools.map((tool) => ({
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        inputSchema: tool.inputSchema ?? { type: 'object', properties: {} },
      })),
    }));
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const tool = tools.find((candidate) => candidate.name === request.params.name);
      if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
      const args = request.params.arguments ?? {};
      calls.push({ tool: tool.name, arguments: args });
      extra.signal.addEventListener('abort', () => cancelled.push(tool.name), { once: true });
      try {
        return await tool.run(args, { signal: extra.signal, server: handle });
      } catch (error) {
        return { content: [{ type: 'text', text: error instanceof Error ? error.message : String(error) }], isError: true };
      }
    });
    return server;
  };

  const http = createServer((request, response) => {
    if (refusing) {
      request.socket.destroy();
      return;
    }
    headers.push(request.headers);
    void readJson(request).then((body) => route(request, response, body));
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const route = async (request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://test').pathname;
    const sessionId = String(request.headers['mcp-session-id'] ?? new URL(request.url ?? '/', 'http://test').searchParams.get('sessionId') ?? '');
    const session = sessions.get(sessionId);
    if (options.transport === 'streamable-http' && path === '/mcp') {
      if (session) return session.handle(request, response, body);
      if (request.method !== 'POST') return void response.writeHead(400).end();
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => void sessions.set(id, { server, handle: (...args) => transport.handleRequest(...args) }),
      });
      const server = newServer();
      await server.connect(transport);
      return transport.handleRequest(request, response, body);
    }
    if (options.transport === 'sse' && path === '/sse' && request.method === 'GET') {
      const transport = new SSEServerTransport('/messages', response);
      const server = newServer();
      sessions.set(transport.sessionId, { server, handle: (req, res, parsed) => transport.handlePostMessage(req, res, parsed) });
      await server.connect(transport);
      return;
    }
    if (options.transport === 'sse' && path === '/messages' && session) return session.handle(request, response, body);
    response.writeHead(path === '/sse' ? 405 : 404).end();
  };

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const handle: McpTestServer = {
    url: `http://127.0.0.1:${port}${options.transport === 'sse' ? '/sse' : '/mcp'}`,
    calls,
    headers,
    cancelled,
    setTools: async (next) => {
      tools = next;
      await Promise.all([...sessions.values()].map(({ server }) => server.sendToolListChanged().catch(() => undefined)));
    },
    refuse: (on) => {
      refusing = on;
      if (!on) return;
      sessions.clear();
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([...sessions.values()].map(({ server }) => server.close().catch(() => undefined)));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  return handle;
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (piece: string) => (raw += piece));
    request.on('end', () => {
      try {
        resolve(raw ? JSON.parse(raw) : undefined);
      } catch {
        resolve(undefined);
      }
    });
    request.on('error', () => resolve(undefined));
  });
}

/** Tools most tests use: `echo` (says its text back), `add`, `fail` (throws), `hang` (answers only when cancelled). */
export const STANDARD_TOOLS: TestTool[] = [
  {
    name: 'echo',
    description: 'Says the text back',
    inputSchema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    run: (args) => ({ content: [{ type: 'text', text: `echo: ${String(args.text)}` }] }),
  },
  {
    name: 'add',
    description: 'Adds two numbers',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
    run: (args) => ({ content: [{ type: 'text', text: String(Number(args.a) + Number(args.b)) }] }),
  },
  {
    name: 'fail',
    description: 'Always fails',
    run: () => {
      throw new Error('the database is on fire');
    },
  },
  {
    name: 'hang',
    description: 'Never answers',
    run: (_args, { signal }) =>
      new Promise((resolve) => signal.addEventListener('abort', () => resolve({ content: [{ type: 'text', text: 'cancelled' }] }), { once: true })),
  },
];
