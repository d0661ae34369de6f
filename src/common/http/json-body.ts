import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { GatewayError, InvalidRequestError, PayloadTooLargeError } from '../errors/gateway-error.js';
import { JsonShapeScanner } from './json-shape.js';

/** Deepest nesting of objects and arrays a request body may have (tool schemas need a dozen or so). */
export const MAX_JSON_DEPTH = 64;

/** A body this large is parsed in a turn of the event loop of its own, and worked on in further turns. */
export const LARGE_BODY_BYTES = 256 * 1024;

export interface JsonBodyLimits {
  /** Bytes, after decompression. */
  maxBytes: number;
  /** Objects and arrays. */
  maxContainers: number;
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;
const UTF8 = new Set(['utf-8', 'utf8']);

export class UnsupportedMediaTypeError extends GatewayError {
  readonly status = 415;
  readonly type = 'invalid_request_error';
}

function tooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError('Request body is too large.', { code: 'request_too_large' });
}

/** The body as sent, decoded from its Content-Encoding (gzip, deflate, br), or an error naming what is not supported. */
function decoded(request: IncomingMessage): Readable | Transform {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  switch (encoding) {
    case 'identity':
    case '':
      return request;
    case 'gzip':
    case 'x-gzip':
      return request.pipe(createGunzip());
    case 'deflate':
      return request.pipe(createInflate());
    case 'br':
      return request.pipe(createBrotliDecompress());
    default:
      throw new UnsupportedMediaTypeError(`Unsupported Content-Encoding "${encoding}"; send the body as it is, or gzip, deflate or br.`, {
        code: 'unsupported_encoding',
      });
  }
}

/**
 * The whole (decoded) body, or a 413 as soon as it passes `maxBytes`, or a 400 as soon as its shape
 * passes the JSON limits (checked on each piece as it arrives). Reading then stops without
 * destroying the request: the server reads the rest away after answering, so the client gets the
 * answer instead of a reset connection.
 */
function readAtMost(request: IncomingMessage, source: Readable | Transform, limits: JsonBodyLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const shape = new JsonShapeScanner(MAX_JSON_DEPTH, limits.maxContainers);
    let size = 0;
    const stop = (error: Error) => {
      cleanup();
      if (source !== request) {
        request.unpipe(source as Transform);
        source.destroy();
      }
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) {
        stop(tooLarge());
        return;
      }
      try {
        shape.feed(chunk);
      } catch (error) {
        stop(error as Error);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new InvalidRequestError(`The request body could not be read: ${error.message}`, { code: 'invalid_body' }));
    };
    const cleanup = () => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
    };
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
  });
}

/**
 * Reads a JSON request body: at most `maxBytes` (after decompression), refused with 413 at once
 * when Content-Length says more, and as soon as a body without one (chunked) passes the limit;
 * UTF-8 only (415 naming any other charset); nested at most MAX_JSON_DEPTH deep and holding at
 * most `maxContainers` objects and arrays, checked on the bytes before parsing (400). Whatever the
 * Content-Type: curl's `-d` sends form encoding. An empty body is `{}`.
 */
export async function readJsonBody(request: IncomingMessage, limits: JsonBodyLimits): Promise<{ body: unknown; bytes: number }> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) throw tooLarge();
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && !UTF8.has(charset)) {
    throw new UnsupportedMediaTypeError(`Unsupported charset "${charset}"; send the body as UTF-8.`, { code: 'unsupported_charset' });
  }
  const body = await readAtMost(request, decoded(request), limits);
  if (body.length === 0) return { body: {}, bytes: 0 };
  try {
    return { body: JSON.parse(body.toString('utf8')) as unknown, bytes: body.length };
  } catch (error) {
    throw new InvalidRequestError(`Request body is not valid JSON: ${(error as Error).message}`, { code: 'invalid_json' });
  }
}
