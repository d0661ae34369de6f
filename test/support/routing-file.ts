import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RoutingFile {
  path: string;
  /** Replaces the file the way editors and ConfigMaps do: a new file renamed over the old one. */
  replace(yaml: string): void;
  remove(): void;
}

/** A routing file in a directory of its own (the gateway watches the directory). */
export function writeRoutingFile(yaml: string): RoutingFile {
  const directory = mkdtempSync(join(tmpdir(), 'gateway-routing-'));
  const path = join(directory, 'routing.yaml');
  writeFileSync(path, yaml);
  let version = 0;
  return {
    path,
    replace(next) {
      const staged = join(directory, `.routing.yaml.${++version}`);
      writeFileSync(staged, next);
      renameSync(staged, path);
    },
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** A deployment line of a routing file for a scripted upstream. */
export function deployment(model: string, baseUrl: string, extra = ''): string {
  return `{ provider: openai, model: ${model}, api_url: "${baseUrl}"${extra ? `, ${extra}` : ''} }`;
}
