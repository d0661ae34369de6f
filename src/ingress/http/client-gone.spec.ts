import type { Response } from 'express';
import { once } from 'node:events';
import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientGone } from './inference-response.js';

/** Serves one request whose client goes away before it is answered; resolves with that response once it has closed. */
async function abandonedResponse(): Promise<ServerResponse> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const served = once(server, 'request') as Promise<[unknown, ServerResponse]>;
  const client = httpRequest({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', method: 'POST' });
  client.on('error', () => undefined);
  client.flushHeaders();
  const [, response] = await served;
  client.destroy();
  await once(response, 'close');
  server.close();
  return response;
}

it('is aborted at once for a client that went away before the work began', async () => {
  const response = await abandonedResponse();
  expect(clientGone(response as unknown as Response).aborted).toBe(true);
});

it('is aborted when the client goes away while the work runs', async () => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const served = once(server, 'request') as Promise<[unknown, ServerResponse]>;
  const client = httpRequest({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', method: 'POST' });
  client.on('error', () => undefined);
  client.flushHeaders();
  const [, response] = await served;
  const signal = clientGone(response as unknown as Response);
  expect(signal.aborted).toBe(false);
  client.destroy();
  await once(signal, 'abort');
  server.close();
  expect(signal.aborted).toBe(true);
});
