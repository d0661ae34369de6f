import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Copy } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { argumentsOf, readStages, replayStage, type ReplayedStage } from '../support/dockerfile-replay.js';
import { spawnGateway } from '../support/gateway-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const stages = readStages(DOCKERFILE);
const runtime = stages.at(-1)!;
/** The image contents (node_modules, dist, package.json) must stay below this (about 65 MiB with the MCP SDK's 12 MB). */
const IMAGE_CONTENT_BUDGET_BYTES = 70 * 1024 * 1024;

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, entry) => total + sizeOf(join(path, entry)), 0);
}

describe('Dockerfile', () => {
  it('passes the Dockerfile linter', () => {
    expect(validate(DOCKERFILE).map((diagnostic) => `${diagnostic.range.start.line + 1}: ${diagnostic.message}`)).toEqual([]);
  });

  it('builds in stages on Node.js 24 images and runs distroless, as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages.filter((candidate) => !stages.some((other) => other.name === candidate.base))) {
      expect(stage.base).toMatch(/^(node:24[-.\w]*|gcr\.io\/distroless\/nodejs24-debian\d+(:[\w-]+)?)$/);
    }
    expect(runtime.base).toMatch(/^gcr\.io\/distroless\/nodejs24-/);
    const user = runtime.instructions.filter((instruction) => instruction.getKeyword() === 'USER').map((instruction) => argumentsOf(instruction)[0]);
    expect(user).toHaveLength(1);
    expect(user[0]).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/); // numeric, so Kubernetes can verify runAsNonRoot
    const exposed = runtime.instructions.filter((instruction) => instruction.getKeyword() === 'EXPOSE').flatMap(argumentsOf);
    expect(exposed.sort()).toEqual(['8080', '9464']);
  });

  it('puts only production dependencies, dist and package.json in the runtime stage', () => {
    const copies = runtime.instructions
      .filter((instruction) => instruction.getKeyword() === 'COPY')
      .map((instruction) => [(instruction as Copy).getFromFlag()?.getValue(), ...argumentsOf(instruction)].filter(Boolean).join(' '));
    expect(copies).toEqual(['production-dependencies /app/node_modules ./node_modules', 'build /app/dist ./dist', 'package.json ./']);
    const installs = stages.find((stage) => stage.name === 'production-dependencies')!.instructions.filter((instruction) => instruction.getKeyword() === 'RUN');
    expect(installs.map((instruction) => instruction.getRawArgumentsContent())).toEqual([expect.stringMatching(/\bnpm ci --omit=dev\b/)]);
  });

  describe('the runtime stage replayed without Docker', () => {
    let workspace: string;
    let image: ReplayedStage;

    beforeAll(() => {
      workspace = mkdtempSync(join(tmpdir(), 'llm-gateway-image-'));
      // npm prefers the cache the project's own `npm ci` filled, and asks the registry only for what is missing there.
      image = replayStage(stages, runtime.name, {
        context: ROOT,
        workspace,
        nodeDirectory: dirname(process.execPath),
        runEnv: { npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
      });
    }, 300_000);

    afterAll(() => {
      if (workspace) rmSync(workspace, { recursive: true, force: true });
    });

    it('holds node_modules without any dev-only package, dist and package.json, within the size budget', () => {
      const app = join(image.root, image.workdir);
      expect(readdirSync(app).sort()).toEqual(['dist', 'node_modules', 'package.json']);
      const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
      const devOnly = Object.entries(lock.packages)
        .filter(([path, entry]) => path.startsWith('node_modules/') && entry.dev === true)
        .map(([path]) => path);
      expect(devOnly.length).toBeGreaterThan(0);
      expect(devOnly.filter((path) => existsSync(join(app, path)))).toEqual([]);
      expect(sizeOf(app)).toBeLessThan(IMAGE_CONTENT_BUDGET_BYTES);
    });

    it("starts with the image's command, answers /health and /health/ready, and serves the web UI", async () => {
      expect(image.entrypoint).toEqual(['/nodejs/bin/node']); // the distroless image's node
      const gateway = await spawnGateway({ cwd: join(image.root, image.workdir), args: image.cmd, env: image.env });
      try {
        const live = await fetch(`${gateway.url}/health`);
        expect(live.status).toBe(200);
        expect(await live.json()).toMatchObject({ status: 'ok' });
        expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);
        const ui = await fetch(`${gateway.url}/ui/`);
        expect([ui.status, ui.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
      } finally {
        gateway.child.kill('SIGTERM');
        expect(await gateway.exited).toEqual({ code: 0, signal: null });
      }
    });
  });
});
