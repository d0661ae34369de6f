import { transformFile, type Options } from '@swc/core';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The same compilation Jest applies (legacy decorators with metadata), as plain ES modules. */
const SWC: Options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: false,
  swcrc: false,
};

export interface CompiledGateway {
  /** Path of the compiled `main.js`, runnable with `node` like `dist/main.js`. */
  main: string;
  remove(): Promise<void>;
}

/**
 * Compiles `src/` into a temporary folder inside the project (so its imports resolve from the
 * project's node_modules), for tests that must run the gateway as its own process.
 */
export async function compileGateway(): Promise<CompiledGateway> {
  await mkdir(join(ROOT, '.tmp'), { recursive: true });
  const outDir = await mkdtemp(join(ROOT, '.tmp', 'gateway-'));
  const sourceDir = join(ROOT, 'src');
  const files = (await readdir(sourceDir, { recursive: true })).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
  await Promise.all(
    files.map(async (file) => {
      const { code } = await transformFile(join(sourceDir, file), SWC);
      const target = join(outDir, relative(sourceDir, join(sourceDir, file)).replace(/\.ts$/, '.js'));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, code);
    }),
  );
  await writeFile(join(outDir, 'package.json'), JSON.stringify({ type: 'module' }));
  return { main: join(outDir, 'main.js'), remove: () => rm(outDir, { recursive: true, force: true }) };
}
