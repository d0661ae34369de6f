import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'node:module';
import { SECONDS_INSTRUMENTS } from './gen-ai.conventions.js';
import type { TelemetryConfig } from '../../config/telemetry.config.js';

/** The instrumentation scope of the gateway's own metrics and spans. */
export const TELEMETRY_SCOPE = { name: 'llm-gateway', version: '0.1.0' } as const;

const SERVICE_NAME = 'llm-gateway';

/** Probes that say nothing about traffic: no server span. */
const UNTRACED_PATHS = new Set(['/health', '/health/ready']);

interface RunningSdk {
  shutdown(): Promise<void>;
}

let running: RunningSdk | undefined;
let metricsServer: Server | undefined;

/** Where `/metrics` is served, once telemetry runs (the port the OS gave when 0 was configured). */
export function metricsAddress(): { host: string; port: number } | undefined {
  const address = metricsServer?.address() as AddressInfo | null | undefined;
  return address ? { host: address.address, port: address.port } : undefined;
}

/** Serves the exporter's `/metrics` on its own port; other paths are 404. */
async function serveMetrics(handler: (request: IncomingMessage, response: ServerResponse) => void, host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if ((request.url ?? '').split('?')[0] === '/metrics') {
      handler(request, response);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => resolve());
  });
  return server.unref();
}

/**
 * Starts the OpenTelemetry SDK. Must run before the application is imported: the HTTP, Express
 * and undici instrumentations patch those modules as they load. With telemetry off the SDK is
 * not even loaded.
 */
export async function startTelemetry(config: TelemetryConfig): Promise<void> {
  if (!config.enabled || running) return;
  // Express reaches the ES module graph through an import, which only a loader hook can see;
  // OpenTelemetry's hook is an asynchronous one, which only register() installs.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: ['express'] } });

  const [
    { NodeSDK },
    { PrometheusExporter },
    { OTLPTraceExporter },
    { HttpInstrumentation },
    { ExpressInstrumentation, ExpressLayerType },
    { UndiciInstrumentation },
    { envDetector, hostDetector, osDetector },
  ] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-prometheus'),
    import('@opentelemetry/exporter-trace-otlp-proto'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-express'),
    import('@opentelemetry/instrumentation-undici'),
    import('@opentelemetry/resources'),
  ]);

  const prometheus = new PrometheusExporter({ preventServerStart: true });
  try {
    metricsServer = await serveMetrics((request, response) => prometheus.getMetricsRequestHandler(request, response), config.metricsHost, config.metricsPort);
  } catch (error) {
    throw new Error(`cannot serve metrics on ${config.metricsHost}:${config.metricsPort} (TELEMETRY_METRICS_PORT): ${(error as Error).message}`, {
      cause: error,
    });
  }
  const metricsPort = metricsAddress()?.port;

  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ? undefined : SERVICE_NAME,
    // Not the process detector: its command line, executable path and user would be on every
    // export and in the metrics endpoint's target_info.
    resourceDetectors: [envDetector, hostDetector, osDetector],
    metricReaders: [prometheus],
    // Prometheus names carry their unit; the exporter does not append it.
    views: SECONDS_INSTRUMENTS.map((instrumentName) => ({ instrumentName, name: `${instrumentName}_seconds` })),
    ...(config.tracingEnabled ? { traceExporter: new OTLPTraceExporter({ url: config.tracingOtlpEndpoint }) } : { spanProcessors: [] }),
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        disableOutgoingRequestInstrumentation: true, // upstream calls go through undici
        ignoreIncomingRequestHook: (request: IncomingMessage) => request.socket.localPort === metricsPort || UNTRACED_PATHS.has(request.url ?? ''),
      }),
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new UndiciInstrumentation(),
    ],
  });
  sdk.start();
  running = sdk;
}

/** Exports buffered spans and closes the metrics server; safe to call more than once or without telemetry. */
export async function shutdownTelemetry(): Promise<void> {
  const sdk = running;
  const server = metricsServer;
  running = undefined;
  metricsServer = undefined;
  await sdk?.shutdown();
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}
