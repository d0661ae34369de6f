import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const gateway = process.env.GATEWAY_URL ?? 'http://localhost:8080';

// The web UI: built into dist/web-ui (after `nest build`, which empties dist/), served by the gateway under /ui.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web-ui', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One small bundle; no inline scripts or data: modules, so the gateway's CSP (script-src 'self') holds.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  // `npm run dev:ui`: Vite serves the UI with hot reload and hands API calls to a running gateway.
  server: {
    proxy: { '/v1': gateway, '/health': gateway, '/ui/config.json': gateway },
  },
});
