// `npm start`: runs the gateway, building it first when dist/ is missing or older than the
// sources (src/ for the server, ui/ for the web UI): a fresh clone needs only `npm ci && npm start`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const entry = join(root, 'dist', 'main.js');
const uiEntry = join(root, 'dist', 'web-ui', 'index.html');

function newestMtime(directory) {
  let newest = 0;
  for (const item of readdirSync(directory, { withFileTypes: true })) {
    if (item.name === 'node_modules' || item.name === 'dist') continue;
    const path = join(directory, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether `built` is missing, or older than anything in `sources` (when the sources are here at all). */
function stale(built, sources) {
  if (!existsSync(built)) return true;
  return existsSync(sources) && newestMtime(sources) > statSync(built).mtimeMs;
}

if (stale(entry, join(root, 'src')) || stale(uiEntry, join(root, 'ui'))) {
  if (!existsSync(join(root, 'node_modules', '@nestjs', 'cli'))) {
    console.error('dist/ is missing or out of date and the build tools are not installed: run `npm ci`, then `npm start`.');
    process.exit(1);
  }
  console.error('Building the gateway (dist/ is missing or older than its sources) ...');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import(entry);
