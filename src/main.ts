import { GracefulShutdown } from './common/lifecycle/graceful-shutdown.js';
import { ConfigError } from './config/env-parsers.js';
import { loadTelemetryConfig } from './config/telemetry.config.js';
import { validateEnvironment } from './config/validate-environment.js';
import { shutdownTelemetry, startTelemetry } from './telemetry.js';

async function main(): Promise<void> {
  if (process.argv.includes('--hash-key')) {
    // A new API key and the hash the access file lists (`npm run hash-key`); nothing else starts.
    const { hashKeyCommand } = await import('./access/hash-key.command.js');
    await hashKeyCommand(process.argv, process.stdin, process.stdout);
    return;
  }
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
  const { createGateway, startGateway } = await import('./gateway.js');
  const app = await createGateway();
  const shutdown = new GracefulShutdown(app);
  await startGateway(app);
  shutdown.handleSignals();
}

main().catch(async (error: unknown) => {
  process.stderr.write(`The gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdownTelemetry().catch(() => undefined);
  process.exit(1);
});
