import { request } from 'node:http';

/**
 * Starts a streaming chat request and destroys the socket once the first SSE bytes arrive: a
 * client that goes away mid-stream. (Plain node:http, so no client-side connection pool keeps
 * a spare connection open to the gateway afterwards.)
 */
export function disconnectDuringStream(gatewayUrl: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${gatewayUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      response.once('data', () => {
        outgoing.destroy();
        resolve();
      });
      response.once('end', () => reject(new Error('the stream ended before the client could leave')));
    });
    outgoing.on('error', () => undefined);
    outgoing.end(JSON.stringify(body));
  });
}
