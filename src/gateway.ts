import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ClsService } from 'nestjs-cls';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { AppModule } from './app.module.js';
import { protectDocs } from './auth/docs-access.js';
import type { RequestContext } from './common/context/request-context.js';
import { applyHttpHardening } from './common/http/http-hardening.js';
import { requestLog } from './common/logging/request-log.js';
import { toHttpsOptions } from './common/http/tls-options.js';
import { providersConfig, type ProvidersConfig } from './providers/providers.config.js';
import { serverConfig, type ServerConfig } from './config/server.config.js';
import { telemetryConfig, type TelemetryConfig } from './config/telemetry.config.js';
import { loadTlsConfig } from './config/tls.config.js';
import { ReadinessService } from './common/lifecycle/readiness.service.js';
import { metricsAddress } from './common/telemetry/telemetry-sdk.js';
import { dialectForPath } from './ingress/http/dialects.js';

export const DOCS_PATH = 'docs';

export function buildOpenApiDocument(app: NestExpressApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('LLM Gateway')
    .setDescription(
      'An OpenAI-compatible API in front of many LLM providers. Choose the provider with the model prefix (`groq/llama-3.3-70b`) or `?provider=`.',
    )
    .setVersion('0.1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Builds the gateway as `npm start` runs it (tests and the benchmark use the same function). */
export async function createGateway(options: { bufferLogs?: boolean; logStream?: Writable } = {}): Promise<NestExpressApplication> {
  const tls = loadTlsConfig(process.env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ logStream: options.logStream }), {
    httpsOptions: tls.enabled ? toHttpsOptions(tls) : undefined,
    bodyParser: false,
    bufferLogs: options.bufferLogs ?? true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  // Signals are handled by GracefulShutdown (src/main.ts): it drains before it closes the app.
  app.use(
    requestLog({
      cls: app.get<ClsService<RequestContext>>(ClsService),
      logger: (await app.resolve(PinoLogger)).logger,
      traceIds: app.get<TelemetryConfig>(telemetryConfig.KEY).tracingEnabled,
      dialectFor: dialectForPath,
    }),
  );
  applyHttpHardening(app);
  protectDocs(app, DOCS_PATH);

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}/openapi.json`,
    yamlDocumentUrl: `${DOCS_PATH}/openapi.yaml`,
  });
  return app;
}

/** Applies the server timeouts, listens, and reports ready. */
export async function startGateway(app: NestExpressApplication): Promise<Server> {
  const config = app.get<ServerConfig>(serverConfig.KEY);
  const server = app.getHttpServer();
  server.requestTimeout = config.readTimeoutMs; // receiving the request only: never cuts a response
  server.headersTimeout = Math.min(config.readTimeoutMs, 60_000);
  server.keepAliveTimeout = config.idleTimeoutMs;
  server.timeout = 0;
  // How often Node enforces those two (its default, 30 s, lets a slow client hold a socket that long).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 1_000;
  await app.listen(config.port, config.host);
  app.get(ReadinessService).markReady();
  await logListening(app, server);
  return server;
}

/** The lines that say where the gateway serves (the port the OS gave, when 0 was configured) and which providers it can reach. */
async function logListening(app: NestExpressApplication, server: Server): Promise<void> {
  const address = server.address() as AddressInfo;
  const scheme = loadTlsConfig(process.env).enabled ? 'https' : 'http';
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${scheme}://${host}:${address.port}`;
  const metrics = metricsAddress();
  const logger = (await app.resolve(PinoLogger)).logger;
  logger.info({ url, docs: `${url}/${DOCS_PATH}`, ...(metrics ? { metrics: `http://${metrics.host}:${metrics.port}/metrics` } : {}) }, 'gateway listening');
  const { providers } = app.get<ProvidersConfig>(providersConfig.KEY);
  const all = Object.values(providers);
  const configured = all.filter((provider) => provider.configured).map((provider) => provider.id);
  // Local servers without a key (Ollama, llama.cpp) are tried at their default address.
  const assumed = Object.fromEntries(
    all.filter((provider) => !provider.configured && !provider.unusableReason).map((provider) => [provider.id, provider.baseUrl]),
  );
  const skipped = Object.fromEntries(all.flatMap((provider) => (provider.unusableReason ? [[provider.id, provider.unusableReason]] : [])));
  if (configured.length > 0) logger.info({ configured, assumed, skipped }, `providers: ${configured.join(', ')}`);
  else
    logger.warn(
      { configured, assumed, skipped },
      'no provider is configured: set a provider key such as OPENAI_API_KEY, or the URL of a local server such as OLLAMA_API_URL',
    );
}
