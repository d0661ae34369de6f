import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createGateway, startGateway } from '../../src/gateway.js';
import { PROVIDER_IDS } from '../../src/providers/provider-catalog.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from './mock-openai-upstream.js';
import { KEYLESS_FLAVOURS, type Flavour } from './openai-flavours.js';

export interface TestGateway {
  app: NestExpressApplication;
  /** `http://127.0.0.1:<port>` (`https://` when SERVER_TLS_* are set) */
  url: string;
  /** Every log line the gateway wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  readonly rawLogs: string[];
  close(): Promise<void>;
}

/** Clears every provider and gateway variable, then applies `env`: each test states its configuration. */
function applyEnvironment(env: Record<string, string>): void {
  for (const name of Object.keys(process.env)) {
    if (
      /_API_(URL|KEY)$/.test(name) ||
      /^(SERVER|CLIENT|AUTH|CORS|REDIS|UI|ROUTING|ACCESS|MCP|RESPONSES)_/.test(name) ||
      /^(ALLOWED|DISALLOWED)_MODELS$|^ENABLE_IMAGES$/.test(name)
    ) {
      delete process.env[name];
    }
  }
  Object.assign(process.env, { ENVIRONMENT: 'test', LOG_LEVEL: 'info', SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', ...env });
}

/**
 * nestjs-pino keeps one pino-http instance per process (the first application's), so every gateway a
 * test file starts logs into this one sink; each gateway reads the lines written since it started.
 */
const capturedLines: string[] = [];
const captureSink = new Writable({
  write(chunk: Buffer, _encoding, callback) {
    capturedLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  },
});

/** Starts the whole gateway in process on a loopback port, its logs captured. */
export async function startTestGateway(env: Record<string, string>): Promise<TestGateway> {
  applyEnvironment(env);
  const firstLine = capturedLines.length;
  const app = await createGateway({ bufferLogs: true, logStream: captureSink });
  await startGateway(app);
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `${env.SERVER_TLS_CERT_PATH ? 'https' : 'http'}://127.0.0.1:${port}`,
    get rawLogs() {
      return capturedLines.slice(firstLine);
    },
    get logs() {
      return capturedLines.slice(firstLine).map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return { unparsed: line };
        }
      });
    },
    close: async () => {
      // Clients may hold connections that never carried a request (preconnects); they do not end by themselves.
      const server = app.getHttpServer();
      const timer = setTimeout(() => server.closeAllConnections(), 500);
      await app.close();
      clearTimeout(timer);
    },
  };
}

export interface Upstreams {
  mocks: Record<Flavour, MockUpstream>;
  /** `<PROVIDER>_API_URL` / `_API_KEY` for every mock. */
  env: Record<string, string>;
  closeAll(): Promise<void>;
}

/** One mock upstream per OpenAI-format provider, and the environment that points the gateway at them. */
export async function startOpenAiUpstreams(flavours: readonly Flavour[]): Promise<Upstreams> {
  const mocks = {} as Record<Flavour, MockUpstream>;
  const env: Record<string, string> = {};
  for (const flavour of flavours) {
    const mock = await startMockOpenAiUpstream(flavour);
    mocks[flavour] = mock;
    env[`${flavour.toUpperCase()}_API_URL`] = mock.baseUrl;
    if (!KEYLESS_FLAVOURS.includes(flavour)) env[`${flavour.toUpperCase()}_API_KEY`] = MOCK_KEY;
  }
  return { mocks, env, closeAll: () => Promise.all(Object.values(mocks).map((mock) => mock.close())).then(() => undefined) };
}

export const OPENAI_FORMAT_FLAVOURS: readonly Flavour[] = (
  ['openai', 'groq', 'deepseek', 'ollama', 'ollama_cloud', 'cloudflare', 'google', 'mistral', 'minimax', 'moonshot', 'nvidia', 'llamacpp', 'zai'] as const
).filter((id) => PROVIDER_IDS.includes(id));
