import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** A part of an outgoing form: a text field, or a file whose bytes are read as they are sent. */
export type OutgoingPart =
  { kind: 'field'; name: string; value: string } | { kind: 'file'; name: string; filename: string; mimeType: string; stream: AsyncIterable<Buffer | string> };

const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

/** A name or file name inside `Content-Disposition`, escaped as browsers and the WHATWG form encoder do. */
function quoted(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

/** A fresh boundary: 32 random hex characters that no part can be expected to contain. */
export function newBoundary(): string {
  return `----llm-gateway-${randomBytes(16).toString('hex')}`;
}

/**
 * Writes a `multipart/form-data` body from parts as they come: each file's bytes are passed on as
 * they are read (pulled by the reader of the stream, so a slow upstream slows the reading), never
 * gathered whole.
 */
export function encodeMultipart(parts: AsyncIterable<OutgoingPart>, boundary: string): Readable {
  async function* encode(): AsyncGenerator<Buffer> {
    for await (const part of parts) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(part.name)}"`;
      if (part.kind === 'file') {
        head += `; filename="${quoted(part.filename)}"\r\nContent-Type: ${MIME_TYPE.test(part.mimeType) ? part.mimeType : 'application/octet-stream'}`;
      }
      yield Buffer.from(`${head}\r\n\r\n`, 'utf8');
      if (part.kind === 'field') yield Buffer.from(part.value, 'utf8');
      else for await (const chunk of part.stream) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      yield Buffer.from('\r\n', 'utf8');
    }
    yield Buffer.from(`--${boundary}--\r\n`, 'utf8');
  }
  return Readable.from(encode(), { objectMode: false });
}
