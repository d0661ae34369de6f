// For `npm run bench -- --access`: an access file with one key whose limits and budget are never
// reached (so every request goes through every check), and a redis-server of the benchmark's own
// on a unix socket in a temporary directory. Everything is removed when the benchmark exits.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startAccessSetup(track = (child) => child) {
  const directory = mkdtempSync(join(tmpdir(), 'gateway-bench-access-'));
  const key = `sk-gw-${randomBytes(32).toString('base64url')}`;
  const path = join(directory, 'access.yaml');
  writeFileSync(
    path,
    [
      'keys:',
      '  - name: bench',
      `    sha256: ${createHash('sha256').update(key).digest('hex')}`,
      '    models: ["openai/*"]',
      '    limits: { rpm: 1000000000, tpm: 1000000000000, concurrency: 100000 }',
      '    budget: { usd: 1000000000, period: 30d }',
      '',
    ].join('\n'),
  );
  const socket = join(directory, 'redis.sock');
  track(
    spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', directory], {
      stdio: 'ignore',
    }),
  );
  for (let attempt = 0; attempt < 150 && !existsSync(socket); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!existsSync(socket)) throw new Error('redis-server did not start (is it installed? apt-get install redis-server)');
  return { key, path, redisUrl: `unix://${socket}`, cleanUp: () => rmSync(directory, { recursive: true, force: true }) };
}
