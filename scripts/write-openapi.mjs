// Rewrites openapi.yaml from the built gateway: the same document Swagger UI serves at /docs.
// Run through `npm run openapi` (which builds first).
import { writeFileSync } from 'node:fs';

process.env.LOG_LEVEL = 'silent';
process.env.SERVER_HOST = '127.0.0.1';
process.env.SERVER_PORT = '0';
const { createGateway, startGateway, DOCS_PATH } = await import('../dist/gateway.js');
const app = await createGateway();
const server = await startGateway(app);
const { port } = server.address();
const response = await fetch(`http://127.0.0.1:${port}/${DOCS_PATH}/openapi.yaml`);
writeFileSync(new URL('../openapi.yaml', import.meta.url), await response.text());
await app.close();
console.log('openapi.yaml written');
