import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Follows the requests an HTTP server is answering, so a shutdown can stop taking connections and
 * wait for exactly the work in flight. Keep-alive connections are closed as soon as they go idle
 * once the server stops accepting, so clients reconnect to another instance.
 */
export class HttpDrain {
  private readonly inFlight = new Set<ServerResponse>();
  private readonly idleWaiters = new Set<() => void>();
  private closing = false;

  constructor(private readonly server: Server) {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => this.follow(response));
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Stops accepting connections; requests already received (and their streams) go on. */
  stopAccepting(): void {
    if (this.closing) return;
    this.closing = true;
    this.server.close();
    this.server.closeIdleConnections();
  }

  /** Resolves `true` once nothing is in flight, or `false` when `timeoutMs` passes first (or `signal` aborts). */
  waitUntilIdle(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.inFlight.size === 0 || signal?.aborted) return Promise.resolve(this.inFlight.size === 0);
    return new Promise<boolean>((resolve) => {
      const settle = (idle: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.idleWaiters.delete(onIdle);
        resolve(idle);
      };
      const onIdle = () => settle(true);
      const onAbort = () => settle(this.inFlight.size === 0);
      const timer = setTimeout(() => settle(false), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.idleWaiters.add(onIdle);
    });
  }

  /** Ends every remaining connection at once. */
  closeAllConnections(): void {
    this.server.closeAllConnections();
  }

  private follow(response: ServerResponse): void {
    if (this.closing && !response.headersSent) response.setHeader('connection', 'close');
    this.inFlight.add(response);
    response.once('close', () => {
      this.inFlight.delete(response);
      if (this.closing) setImmediate(() => this.server.closeIdleConnections());
      if (this.inFlight.size === 0) for (const waiter of [...this.idleWaiters]) waiter();
    });
  }
}
