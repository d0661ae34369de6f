import { GracefulShutdown } from './common/lifecycle/graceful-shutdown.js';
import { ConfigError } from './config/env-parsers.js';
import { validateEnvironment } from './config/validate-environment.js';
import { createGateway, startGateway } from './gateway.js';

async function main(): Promise<void> {
  try {
    validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createGateway();
  const shutdown = new GracefulShutdown(app);
  await startGateway(app);
  shutdown.handleSignals();
}

main().catch((error: unknown) => {
  process.stderr.write(`The gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
