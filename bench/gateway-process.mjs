// Starts the built gateway (`node dist/main.js`) for a benchmark on ports the OS picks, and reads
// the addresses from its "gateway listening" line. Its log goes to a temporary file (removed when
// the benchmark exits): request lines are written as in production, at the cost of a file write.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const logs = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
process.on('exit', () => rmSync(logs, { recursive: true, force: true }));
let started = 0;

export async function startGatewayProcess({ env = {}, nodeFlags = [], track = (child) => child, inheritEnv = true, cwd = root } = {}) {
  const logFile = join(logs, `gateway-${++started}.log`);
  const out = openSync(logFile, 'w');
  const child = track(
    spawn(process.execPath, [...nodeFlags, 'dist/main.js'], {
      cwd,
      env: {
        ...(inheritEnv ? process.env : { PATH: process.env.PATH }),
        ENVIRONMENT: 'production',
        LOG_LEVEL: 'info',
        ...env,
        SERVER_HOST: '127.0.0.1',
        SERVER_PORT: '0',
        ...(env.TELEMETRY_ENABLED === 'true' ? { TELEMETRY_METRICS_PORT: '0' } : {}),
      },
      stdio: ['ignore', out, 'inherit'],
    }),
  );
  closeSync(out);
  let exited;
  child.once('exit', (code) => (exited = code));
  for (let attempt = 0; attempt < 300; attempt++) {
    if (exited !== undefined) throw new Error(`the gateway exited with ${exited} before it was ready`);
    const line = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((entry) => entry.includes('"gateway listening"'));
    const url = line ? JSON.parse(line).url : undefined;
    if (
      url &&
      (await fetch(`${url}/health/ready`).then(
        (response) => response.ok,
        () => false,
      ))
    ) {
      return { pid: child.pid, child, url, port: Number(new URL(url).port), metricsUrl: JSON.parse(line).metrics };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the gateway did not become ready');
}
