import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface GatewayProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  /** Settles with the exit code (or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A port the OS just gave out and released, for a child process that needs it on its command line. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts the gateway as its own process (`node <args>` in `cwd`), with only the environment given
 * here plus PATH, always on a loopback port of its own; resolves once `/health/ready` answers 200.
 */
export async function spawnGateway(options: { cwd: string; args: string[]; env?: Record<string, string>; readyTimeoutMs?: number }): Promise<GatewayProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ENVIRONMENT: 'production', LOG_LEVEL: 'info', ...options.env, SERVER_HOST: '127.0.0.1', SERVER_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (data: Buffer) => (output += data.toString('utf8')));
  child.stderr!.on('data', (data: Buffer) => (output += data.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  let exit: { code: number | null } | undefined;
  void exited.then((result) => (exit = result));
  for (;;) {
    if (exit) throw new Error(`The gateway exited with ${exit.code} before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The gateway was not ready in time:\n${output}`);
    }
    const ready = await fetch(`${url}/health/ready`).then((response) => response.status === 200, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url, output: () => output, exited };
}
