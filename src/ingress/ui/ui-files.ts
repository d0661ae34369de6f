import { resolve } from 'node:path';

/** Where `npm run build` puts the web UI (Vite's output): `dist/web-ui`, three folders up from `src/ingress/ui` and `dist/ingress/ui` alike. */
export const UI_ROOT = resolve(import.meta.dirname, '../../../dist/web-ui');

/** The URL prefix the UI is served under (Vite's `base`). */
export const UI_BASE = '/ui/';

export type UiFileKind = 'hashed-asset' | 'file' | 'page';

/**
 * What a path under /ui names: `assets/` holds Vite's content-hashed files (cached for a year);
 * another name with an extension is a plain file; anything else is a client route, answered with
 * the SPA's index.html.
 */
export function classifyUiPath(relativePath: string): UiFileKind {
  if (relativePath.startsWith('assets/')) return 'hashed-asset';
  const lastSegment = relativePath.split('/').at(-1) ?? '';
  return lastSegment.includes('.') ? 'file' : 'page';
}
