import type { Response } from 'express';
import { once } from 'node:events';
import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientGone } from './inference-response.js';

/** One request received and not answered: its response, a way to make its client go away, and the server's end. */
async function pendingRequest(): Promise<{ response: ServerResponse; leave(): void; close(): void }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const served = once(server, 'request') as Promise<[unknown, ServerResponse]>;
  const client = httpRequest({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', method: 'POST' });
  client.on('error', () => undefined);
  client.flushHeaders();
  const [, response] = await served;
  return { response, leave: () => client.destroy(), close: () => server.close() };
}

it('is aborted at once for a client that went away before the work began', async () => {
  const { response, leave, close } = await pendingRequest();
  leave();
  await once(response, 'close');
  close();
  expect(clientGone(response as unknown as Response).aborted).toBe(true);
});

it('is aborted when the client goes away while the work runs', async () => {
  const { response, leave, close } = await pendingRequest();
  const signal = clientGone(response as unknown as Response);
  expect(signal.aborted).toBe(false);
  leave();
  await once(signal, 'abort');
  close();
  expect(signal.aborted).toBe(true);
});
