import { headersVariable, loadMcpConfig } from './mcp.config.js';
import { validateEnvironment } from '../validate-environment.js';

describe('MCP configuration', () => {
  it('is off by default, with the documented defaults', () => {
    expect(loadMcpConfig({})).toEqual({
      enabled: false,
      servers: [],
      toolMode: 'direct',
      includeTools: [],
      excludeTools: [],
      expose: false,
      connectTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      initialBackoffMs: 1_000,
      reconnectIntervalMs: 30_000,
      maxIterations: 10,
    });
  });

  it('names servers by their host, by host and port when hosts repeat, or as the entry says', () => {
    const config = loadMcpConfig({
      MCP_ENABLED: 'true',
      MCP_SERVERS: 'http://localhost:3001/mcp, http://localhost:3002/mcp,https://tools.example.com/sse,docs=https://docs.example.com/mcp?x=1',
    });
    expect(config.servers.map(({ name, url }) => ({ name, url }))).toEqual([
      { name: 'localhost-3001', url: 'http://localhost:3001/mcp' },
      { name: 'localhost-3002', url: 'http://localhost:3002/mcp' },
      { name: 'tools.example.com', url: 'https://tools.example.com/sse' },
      { name: 'docs', url: 'https://docs.example.com/mcp?x=1' },
    ]);
  });

  it("reads a server's headers from MCP_SERVER_HEADERS_<NAME>, percent-decoded", () => {
    expect(headersVariable('tools.example.com')).toBe('MCP_SERVER_HEADERS_TOOLS_EXAMPLE_COM');
    const config = loadMcpConfig({
      MCP_ENABLED: 'true',
      MCP_SERVERS: 'docs=https://docs.example.com/mcp',
      MCP_SERVER_HEADERS_DOCS: 'Authorization=Bearer%20s3cr3t, X-Team=ml',
    });
    expect(config.servers[0].headers).toEqual({ Authorization: 'Bearer s3cr3t', 'X-Team': 'ml' });
  });

  it("sends credentials written in a server's URL as its Authorization header, never in the URL", () => {
    const config = loadMcpConfig({
      MCP_ENABLED: 'true',
      MCP_SERVERS: 'https://svc%40corp:p%3Ass@tools.example.com/mcp,docs=https://u:p@docs.example.com/mcp',
      MCP_SERVER_HEADERS_DOCS: 'authorization=Bearer%20given',
    });
    expect(config.servers[0]).toEqual({
      name: 'tools.example.com',
      url: 'https://tools.example.com/mcp',
      headers: { Authorization: `Basic ${Buffer.from('svc@corp:p:ss').toString('base64')}` },
    });
    // A header the operator set wins over the URL's credentials.
    expect(config.servers[1]).toEqual({ name: 'docs', url: 'https://docs.example.com/mcp', headers: { authorization: 'Bearer given' } });
  });

  it('reads the mode, the tool lists, the limits and the timeouts', () => {
    const config = loadMcpConfig({
      MCP_ENABLED: 'true',
      MCP_SERVERS: 'http://localhost:3001/mcp',
      MCP_TOOL_MODE: 'selector',
      MCP_INCLUDE_TOOLS: 'search, fetch',
      MCP_EXCLUDE_TOOLS: 'delete',
      MCP_EXPOSE: 'true',
      MCP_CLIENT_TIMEOUT: '3s',
      MCP_REQUEST_TIMEOUT: '2m',
      MCP_INITIAL_BACKOFF: '200ms',
      MCP_RECONNECT_INTERVAL: '5s',
      MCP_MAX_ITERATIONS: '4',
    });
    expect(config).toMatchObject({
      toolMode: 'selector',
      includeTools: ['search', 'fetch'],
      excludeTools: ['delete'],
      expose: true,
      connectTimeoutMs: 3_000,
      requestTimeoutMs: 120_000,
      initialBackoffMs: 200,
      reconnectIntervalMs: 5_000,
      maxIterations: 4,
    });
  });

  it('reads no server while MCP is off', () => {
    expect(loadMcpConfig({ MCP_SERVERS: 'not a url' }).servers).toEqual([]);
  });

  it.each([
    [{ MCP_ENABLED: 'sometimes' }, /^MCP_ENABLED: /],
    [{ MCP_ENABLE: 'true' }, /^MCP_ENABLE: is named MCP_ENABLED here/],
    [{ MCP_ENABLED: 'true' }, /^MCP_SERVERS: is required/],
    [{ MCP_ENABLED: 'true', MCP_SERVERS: 'ftp://files.example.com' }, /^MCP_SERVERS: expected http\(s\) URLs/],
    [{ MCP_ENABLED: 'true', MCP_SERVERS: 'a=http://x.example/mcp,a=http://y.example/mcp' }, /^MCP_SERVERS: two servers are named "a"/],
    [{ MCP_ENABLED: 'true', MCP_SERVERS: 'http://x.example/mcp', MCP_TOOL_MODE: 'auto' }, /^MCP_TOOL_MODE: /],
    [{ MCP_ENABLED: 'true', MCP_SERVERS: 'http://x.example/mcp', MCP_MAX_ITERATIONS: '0' }, /^MCP_MAX_ITERATIONS: /],
    [{ MCP_ENABLED: 'true', MCP_SERVERS: 'http://x.example/mcp', MCP_REQUEST_TIMEOUT: '0s' }, /^MCP_REQUEST_TIMEOUT: /],
    [{ MCP_ENABLED: 'true', MCP_SERVERS: 'http://x.example/mcp', MCP_INITIAL_BACKOFF: '1m' }, /^MCP_RECONNECT_INTERVAL: /],
  ])('stops start-up on a bad value, naming the variable (%j)', (env, message) => {
    expect(() => validateEnvironment(env)).toThrow(message);
  });

  it('never quotes a header value in its error', () => {
    const env = { MCP_ENABLED: 'true', MCP_SERVERS: 'docs=https://docs.example.com/mcp', MCP_SERVER_HEADERS_DOCS: 'Authorization=%E0%A4%Atoken-9f8e' };
    expect(() => loadMcpConfig(env)).toThrow(/^MCP_SERVER_HEADERS_DOCS: the value of Authorization is not valid percent-encoding$/);
    expect(() => loadMcpConfig({ ...env, MCP_SERVER_HEADERS_DOCS: 'token-9f8e' })).toThrow(/^MCP_SERVER_HEADERS_DOCS: expected Name=value pairs/);
  });
});
