import { spawn, type ChildProcess } from 'node:child_process';

export interface GatewayProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `http://127.0.0.1:<port>/metrics`, when telemetry is on. */
  metricsUrl?: string;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  /** Settles with the exit code (or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

interface ListeningLine {
  msg?: string;
  url?: string;
  metrics?: string;
}

/** The gateway's "gateway listening" log line, once it is written. */
function listeningLine(output: string): ListeningLine | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes('"gateway listening"')) continue;
    try {
      return JSON.parse(line) as ListeningLine;
    } catch {
      // not a JSON line
    }
  }
  return undefined;
}

/**
 * Starts the gateway as its own process (`node <args>` in `cwd`), with only the environment given
 * here plus PATH, on a loopback port the OS picks (SERVER_PORT=0; the metrics port too, when
 * telemetry is on). Resolves with the addresses its start-up line reports, once `/health/ready`
 * answers 200.
 */
export async function spawnGateway(options: { cwd: string; args: string[]; env?: Record<string, string>; readyTimeoutMs?: number }): Promise<GatewayProcess> {
  if (['warn', 'error', 'fatal', 'silent'].includes(options.env?.LOG_LEVEL ?? ''))
    throw new Error('spawnGateway reads the port from an info line: LOG_LEVEL must be info or lower');
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      ENVIRONMENT: 'production',
      LOG_LEVEL: 'info',
      TELEMETRY_METRICS_PORT: '0',
      ...options.env,
      SERVER_HOST: '127.0.0.1',
      SERVER_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString('utf8')));
  child.stderr.on('data', (data: Buffer) => (output += data.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // A loaded 2-core machine can take seconds to start a Node process with the whole application.
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  let exit: { code: number | null } | undefined;
  void exited.then((result) => (exit = result));
  for (;;) {
    if (exit) throw new Error(`The gateway exited with ${exit.code} before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The gateway was not ready in time:\n${output}`);
    }
    const line = listeningLine(output);
    const ready = line?.url
      ? await fetch(`${line.url}/health/ready`).then(
          (response) => response.status === 200,
          () => false,
        )
      : false;
    if (line?.url && ready) return { child, url: line.url, metricsUrl: line.metrics, output: () => output, exited };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
