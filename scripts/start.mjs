// `npm start`: runs the gateway, building it first when dist/ is missing or older than src/ (a
// fresh clone, or sources changed since the last build), so `npm ci && npm start` is enough.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const entry = join(root, 'dist', 'main.js');

function newestMtime(directory) {
  let newest = 0;
  for (const item of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sources = join(root, 'src');
const stale = !existsSync(entry) || (existsSync(sources) && newestMtime(sources) > statSync(entry).mtimeMs);
if (stale) {
  const nest = join(root, 'node_modules', '.bin', 'nest');
  if (!existsSync(nest)) {
    console.error('dist/ is missing or out of date and the build tools are not installed: run `npm ci`, then `npm start`.');
    process.exit(1);
  }
  console.error('Building the gateway (dist/ is missing or older than src/) ...');
  const build = spawnSync(process.execPath, [join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import(entry);
