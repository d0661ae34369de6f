import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

const MINIMUM_NODE_MAJOR = 24;

/**
 * Starts the gateway. Nothing else is loaded before the Node.js version is checked: the
 * application needs Node.js 24 and would fail on an older one with an error that says nothing.
 */
async function main(): Promise<void> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MINIMUM_NODE_MAJOR) {
    process.stderr.write(
      `The gateway needs Node.js ${MINIMUM_NODE_MAJOR} or newer; this is ${process.version}. Run it with \`npm start\` (which uses the Node.js the project pins) or install Node.js ${MINIMUM_NODE_MAJOR}.\n`,
    );
    process.exit(1);
  }
  if (process.argv.includes('--hash-key')) {
    // A new API key and the hash the access file lists (`npm run hash-key`); nothing else starts.
    const { hashKeyCommand } = await import('./access/hash-key.command.js');
    await hashKeyCommand(process.argv, process.stdin, process.stdout);
    return;
  }
  loadDotEnv('.env');
  const [{ validateEnvironment }, { ConfigError }, { loadTelemetryConfig }, { startTelemetry }] = await Promise.all([
    import('./validate-environment.js'),
    import('./config/env-parsers.js'),
    import('./config/telemetry.config.js'),
    import('./common/telemetry/telemetry-sdk.js'),
  ]);
  try {
    validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Telemetry first, then the application: its instrumentations patch http, express and undici as they load.
  await startTelemetry(loadTelemetryConfig(process.env));
  const [{ createGateway, startGateway }, { GracefulShutdown }] = await Promise.all([
    import('./gateway.js'),
    import('./common/lifecycle/graceful-shutdown.js'),
  ]);
  const app = await createGateway();
  const shutdown = new GracefulShutdown(app);
  await startGateway(app);
  shutdown.handleSignals();
}

/** Reads `.env` from the working directory when there is one (as the original gateway does); the environment wins. */
function loadDotEnv(path: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return;
  }
  for (const [name, value] of Object.entries(parseEnv(text))) if (process.env[name] === undefined) process.env[name] = value;
}

main().catch(async (error: unknown) => {
  process.stderr.write(`The gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  const { shutdownTelemetry } = await import('./common/telemetry/telemetry-sdk.js');
  await shutdownTelemetry().catch(() => undefined);
  process.exit(1);
});
