// Starts the built gateway (`node dist/main.js`) for a benchmark on ports the OS picks, and reads
// the addresses from its "gateway listening" line. Request logs are written (serialised) as in
// production, and read away and dropped here.
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;

export async function startGatewayProcess({ env = {}, nodeFlags = [], track = (child) => child, inheritEnv = true } = {}) {
  const child = track(
    spawn(process.execPath, [...nodeFlags, 'dist/main.js'], {
      cwd: root,
      env: {
        ...(inheritEnv ? process.env : { PATH: process.env.PATH }),
        ENVIRONMENT: 'production',
        LOG_LEVEL: 'info',
        ...env,
        SERVER_HOST: '127.0.0.1',
        SERVER_PORT: '0',
        TELEMETRY_METRICS_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const line = await new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (piece) => {
      buffered += piece;
      const found = buffered.split('\n').find((entry) => entry.includes('"gateway listening"'));
      if (!found) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve(JSON.parse(found));
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code} before it listened`)));
  });
  const url = line.url;
  for (let attempt = 0; attempt < 300; attempt++) {
    if (
      await fetch(`${url}/health/ready`).then(
        (response) => response.ok,
        () => false,
      )
    ) {
      return { pid: child.pid, child, url, port: Number(new URL(url).port), metricsUrl: line.metrics };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the gateway did not become ready');
}
