import type { Request } from 'express';
import { Transform, type Readable } from 'node:stream';
import { PayloadTooLargeError } from '../../common/errors/gateway-error.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

function tooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError('Request body is too large.', { code: 'request_too_large', headers: { connection: 'close' } });
}

export type ProxiedBody = { kind: 'none' } | { kind: 'json'; bytes: Buffer; model?: string } | { kind: 'stream'; stream: Readable };

/**
 * The body of a `/proxy` request, held to SERVER_MAX_REQUEST_BODY_SIZE: refused at once when
 * Content-Length says more. A JSON body (small by nature) is read whole, so the model it names can
 * be checked against the allow-list; any other body (file uploads) streams through, and is cut
 * when it passes the limit.
 */
export async function readProxiedBody(request: Request, maxBytes: number): Promise<ProxiedBody> {
  if (request.method === 'GET' || request.method === 'HEAD') return { kind: 'none' };
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!JSON_TYPE.test(request.headers['content-type'] ?? '')) return { kind: 'stream', stream: request.pipe(limited(maxBytes)) };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks, size);
  return { kind: 'json', bytes, model: modelOf(bytes) };
}

/** The `model` a JSON body names, if it is an object with a string `model`. */
function modelOf(bytes: Buffer): string | undefined {
  try {
    const body = JSON.parse(bytes.toString('utf8')) as { model?: unknown } | null;
    return body && typeof body === 'object' && typeof body.model === 'string' ? body.model : undefined;
  } catch {
    return undefined;
  }
}

/** Passes bytes on until `maxBytes` have passed, then fails with a 413. */
function limited(maxBytes: number): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) callback(tooLarge());
      else callback(null, chunk);
    },
  });
}
