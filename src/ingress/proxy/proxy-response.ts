import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { UpstreamError, UpstreamTimeoutError } from '../../common/errors/gateway-error.js';
import { redactSecrets } from '../../common/errors/redact-secrets.js';

/** The largest error answer the gateway reads (to take the provider key out of it) before relaying it. */
const MAX_ERROR_BODY_BYTES = 1024 * 1024;

export interface ProxiedAnswer {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Readable;
  /** Secrets the answer must not carry to the caller. */
  secrets: string[];
}

/** An error answer decoded (whatever Content-Encoding the provider used), bounded, and with the provider key taken out. */
export async function redactedErrorBody(answer: ProxiedAnswer): Promise<string> {
  const encoding = String(answer.headers['content-encoding'] ?? 'identity').toLowerCase();
  const decoder = encoding === 'gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  const source = decoder ? answer.body.pipe(decoder) : answer.body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ERROR_BODY_BYTES) {
      answer.body.destroy();
      throw new UpstreamError(502, `The provider answered HTTP ${answer.statusCode} with an error body over 1 MiB.`, {
        type: 'api_error',
        code: 'upstream_error_too_large',
      });
    }
    chunks.push(chunk);
  }
  return redactSecrets(Buffer.concat(chunks, size).toString('utf8'), answer.secrets);
}

/**
 * Relays a successful answer: headers only once the first byte of the body is there (or the body
 * is empty), so a provider that sends headers and then falls silent gets the caller a 504, not an
 * empty reply. Writes honour the caller's backpressure. `deadline` bounds the whole transfer
 * (not for event streams, whose silence between events the client's idle timeout bounds).
 */
export async function relaySuccess(answer: ProxiedAnswer, response: Response, deadline: AbortSignal | undefined): Promise<void> {
  const iterator = (answer.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const onDeadline = () => answer.body.destroy(new UpstreamTimeoutError('The provider did not finish its answer in time.', { code: 'upstream_timeout' }));
  deadline?.addEventListener('abort', onDeadline, { once: true });
  try {
    const first = await iterator.next();
    response.writeHead(answer.statusCode, answer.headers);
    if (first.done) {
      response.end();
      return;
    }
    if (!response.write(first.value)) await drained(response);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (!response.write(next.value)) await drained(response);
    }
    response.end();
  } finally {
    deadline?.removeEventListener('abort', onDeadline);
  }
}

function drained(response: Response): Promise<void> {
  return new Promise((resolve) => {
    const settle = () => {
      response.off('drain', settle);
      response.off('close', settle);
      resolve();
    };
    response.on('drain', settle);
    response.on('close', settle);
  });
}
