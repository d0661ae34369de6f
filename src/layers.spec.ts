import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/**
 * The layers of the gateway, each allowed to import only the ones listed for it: HTTP in
 * ingress, the dialect-neutral core below it, the providers below that, then the shared code
 * and, at the bottom, the hub format and configuration (which import nothing of the gateway).
 * MCP sits beside ingress: it gives the core the tools the gateway runs itself, and ingress
 * lists them. The files directly in src (main, the application module) put the layers together.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  hub: [],
  config: [],
  common: ['hub', 'config'],
  providers: ['common', 'hub', 'config'],
  core: ['providers', 'common', 'hub', 'config'],
  auth: ['common', 'config'],
  access: ['core', 'auth', 'providers', 'common', 'hub', 'config'],
  health: ['auth', 'providers', 'common', 'config'],
  mcp: ['core', 'common', 'hub', 'config'],
  ingress: ['access', 'auth', 'health', 'mcp', 'core', 'providers', 'common', 'hub', 'config'],
};

const SOURCE = join(process.cwd(), 'src');
const IMPORT = /(?:from\s+|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const layerOf = (path: string): string | undefined => {
  const parts = relative(SOURCE, path).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
};

describe('layers', () => {
  const files = sourceFiles(SOURCE);

  it('has every folder of src in a layer', () => {
    const layers = new Set(files.map(layerOf).filter((layer) => layer !== undefined));
    expect([...layers].filter((layer) => !(layer in ALLOWED))).toEqual([]);
  });

  it('imports only downwards: ingress, then core, providers, common, and hub and config', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (from === undefined) continue;
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const to = layerOf(join(dirname(file), specifier));
        if (to !== from && !(to !== undefined && ALLOWED[from].includes(to))) wrong.push(`${relative(SOURCE, file)} imports ${specifier}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
