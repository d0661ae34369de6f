import { UpstreamError } from '../errors/gateway-error.js';

/** The most of an upstream error answer the gateway reads; the rest is dropped. */
export const MAX_ERROR_BODY_BYTES = 1024 * 1024;

type Body = AsyncIterable<Uint8Array> & { destroy?(): unknown };

async function readAtMost(body: Body, maxBytes: number): Promise<{ bytes: Buffer; complete: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size + chunk.length > maxBytes) {
      chunks.push(chunk.subarray(0, maxBytes - size));
      size = maxBytes;
      body.destroy?.();
      return { bytes: Buffer.concat(chunks, size), complete: false };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { bytes: Buffer.concat(chunks, size), complete: true };
}

/**
 * An upstream answer's JSON body, read up to `maxBytes` (CLIENT_MAX_RESPONSE_BODY_SIZE): a bigger
 * body, or one that is not JSON, is the provider's fault, a 502 saying which, never memory
 * without end or a 500.
 */
export async function readUpstreamJson(body: Body, maxBytes: number): Promise<unknown> {
  const { bytes, complete } = await readAtMost(body, maxBytes);
  if (!complete) {
    throw new UpstreamError(502, `The provider answered with a body over ${maxBytes} bytes (CLIENT_MAX_RESPONSE_BODY_SIZE).`, {
      type: 'api_error',
      code: 'upstream_response_too_large',
    });
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new UpstreamError(502, 'The provider answered with a body that is not JSON.', { type: 'api_error', code: 'invalid_upstream_response' });
  }
}

/** An upstream error answer's text, at most MAX_ERROR_BODY_BYTES of it. */
export async function readUpstreamErrorText(body: Body): Promise<string> {
  return (await readAtMost(body, MAX_ERROR_BODY_BYTES)).bytes.toString('utf8');
}

/** An upstream answer's body as text, read up to `maxBytes` (CLIENT_MAX_RESPONSE_BODY_SIZE); a bigger one is a 502. */
export async function readUpstreamText(body: Body, maxBytes: number): Promise<string> {
  const { bytes, complete } = await readAtMost(body, maxBytes);
  if (!complete) {
    throw new UpstreamError(502, `The provider answered with a body over ${maxBytes} bytes (CLIENT_MAX_RESPONSE_BODY_SIZE).`, {
      type: 'api_error',
      code: 'upstream_response_too_large',
    });
  }
  return bytes.toString('utf8');
}
