// The reference ceiling: a plain Node reverse proxy (node:http + undici), no framework, no parsing.
import { createServer } from 'node:http';
import { Pool } from 'undici';

const upstream = new Pool(process.env.UPSTREAM, { connections: 512, keepAliveTimeout: 60_000 });
const server = createServer(async (request, response) => {
  try {
    const { statusCode, headers, body } = await upstream.request({
      path: request.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: request,
    });
    response.writeHead(statusCode, { 'content-type': headers['content-type'] });
    for await (const piece of body) response.write(piece);
    response.end();
  } catch {
    response.destroy();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
