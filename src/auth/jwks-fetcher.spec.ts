import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJwksFetcher } from './jwks-fetcher.js';

let server: Server;
let uri: string;
let hits = 0;
let status = 200;

beforeAll(async () => {
  server = createServer((_request, response) => {
    hits++;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: [{ kid: `k${hits}` }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  hits = 0;
  status = 200;
});

describe('createJwksFetcher', () => {
  it('answers from the last key set within the interval and fetches again after it', async () => {
    let now = 0;
    const fetchKeys = createJwksFetcher({ minRefreshIntervalMs: 10_000, timeoutMs: 1_000, now: () => now });
    expect(await fetchKeys(uri)).toEqual({ keys: [{ kid: 'k1' }] });
    now = 9_999;
    expect(await fetchKeys(uri)).toEqual({ keys: [{ kid: 'k1' }] });
    now = 10_000;
    expect(await fetchKeys(uri)).toEqual({ keys: [{ kid: 'k2' }] });
    expect(hits).toBe(2);
  });

  it('shares one request among concurrent asks', async () => {
    const fetchKeys = createJwksFetcher({ minRefreshIntervalMs: 0, timeoutMs: 1_000 });
    const sets = await Promise.all(Array.from({ length: 50 }, () => fetchKeys(uri)));
    expect(new Set(sets).size).toBe(1);
    expect(hits).toBe(1);
  });

  it('counts a failed fetch towards the interval and keeps the last good set', async () => {
    let now = 0;
    const fetchKeys = createJwksFetcher({ minRefreshIntervalMs: 1_000, timeoutMs: 1_000, now: () => now });
    await fetchKeys(uri);
    status = 503;
    now = 1_000;
    await expect(fetchKeys(uri)).rejects.toThrow('the key set answered HTTP 503');
    now = 1_500;
    expect(await fetchKeys(uri)).toEqual({ keys: [{ kid: 'k1' }] });
    expect(hits).toBe(2);
  });
});
