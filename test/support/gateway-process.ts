import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface GatewayProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every line the process wrote to stdout (its JSON logs). */
  stdout: string[];
  stderr: string[];
  /** Sends a signal and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A port that was free a moment ago, for servers whose port must be known before they start. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs a compiled gateway (`node main.js`) with only the given environment, and waits until it is ready. */
export async function startGatewayProcess(main: string, env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', ENVIRONMENT: 'test', LOG_LEVEL: 'info', SERVER_HOST: '127.0.0.1', SERVER_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  collectLines(child.stdout!, stdout);
  collectLines(child.stderr!, stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 20_000;
  let ready = false;
  let ended = false;
  void exited.then(() => (ended = true));
  while (!ready && !ended && Date.now() < deadline) {
    ready = await fetch(`${url}/health/ready`).then((response) => response.ok, () => false);
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`The gateway process did not become ready:\n${stderr.join('\n')}\n${stdout.slice(-20).join('\n')}`);
  }
  return {
    url,
    stdout,
    stderr,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

function collectLines(stream: NodeJS.ReadableStream, into: string[]): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (piece: string) => {
    const lines = (rest + piece).split('\n');
    rest = lines.pop() ?? '';
    into.push(...lines.filter(Boolean));
  });
  stream.on('end', () => {
    if (rest) into.push(rest);
  });
}
