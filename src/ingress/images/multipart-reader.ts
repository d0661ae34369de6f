import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { InvalidRequestError, PayloadTooLargeError, type GatewayError } from '../../common/errors/gateway-error.js';

export interface FieldPart {
  kind: 'field';
  name: string;
  value: string;
}

export interface FilePart {
  kind: 'file';
  name: string;
  filename: string;
  mimeType: string;
  /** The file's bytes as they arrive: read it to the end before asking for the next part. */
  stream: Readable;
}

export type MultipartPart = FieldPart | FilePart;

/** What a form may hold: enough for OpenAI's image edits (16 images and a mask), no more. */
const LIMITS = { fields: 64, files: 32, parts: 96, fieldSize: 1024 * 1024, fieldNameSize: 200, headerPairs: 32 };

function tooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError('Request body is too large.', { code: 'request_too_large', headers: { connection: 'close' } });
}

const ignore = (): void => undefined;

function invalidForm(message: string): InvalidRequestError {
  return new InvalidRequestError(message, { code: 'invalid_multipart' });
}

/**
 * A `multipart/form-data` body read part by part as it arrives (busboy): fields whole, files as
 * streams that are read before the next part is parsed, so nothing is held in memory but the part
 * being read. The body is held to `maxBytes` (413 once it passes, at once when Content-Length says
 * more); a body that is not a form, or a form beyond the limits, is a 400.
 */
export class MultipartReader {
  private readonly queue: MultipartPart[] = [];
  private waiting: { resolve(part: MultipartPart | undefined): void; reject(error: GatewayError): void } | undefined;
  private ended = false;
  /** The file busboy is reading now (one at a time): failed with the form. */
  private activeFile: Readable | undefined;
  private readonly parser: busboy.Busboy;
  private readonly source: Transform;
  /** Why the form could not be read, once that is known. */
  failure: GatewayError | undefined;

  constructor(
    private readonly request: IncomingMessage,
    maxBytes: number,
  ) {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
    try {
      this.parser = busboy({ headers: request.headers, limits: LIMITS, defParamCharset: 'utf8', defCharset: 'utf8' });
    } catch {
      throw invalidForm('Expected a multipart/form-data body (Content-Type: multipart/form-data; boundary=...).');
    }
    this.parser.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) this.fail(invalidForm(`The form field "${name.slice(0, 64)}" is too long.`));
      else this.push({ kind: 'field', name, value });
    });
    this.parser.on('file', (name, stream, info) => {
      // A form that breaks destroys its file with the reason, perhaps before anyone reads it: the
      // reason is the form's failure (next() rejects with it), never an unhandled 'error' event.
      stream.on('error', ignore);
      this.activeFile = stream;
      this.push({ kind: 'file', name, filename: info.filename ?? 'file', mimeType: info.mimeType, stream });
    });
    for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
      this.parser.on(limit, () => this.fail(invalidForm('The form has too many parts.')));
    }
    this.parser.on('error', (error: Error) => this.fail(invalidForm(`The multipart body could not be read: ${error.message}`)));
    this.parser.on('close', () => this.end());
    let size = 0;
    this.source = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > maxBytes) callback(tooLarge());
        else callback(null, chunk);
      },
    });
    this.source.on('error', (error: Error) => this.fail(error instanceof PayloadTooLargeError ? error : invalidForm(error.message)));
    request.on('close', () => {
      if (!request.complete) this.fail(invalidForm('The client stopped sending the form.'));
    });
    request.pipe(this.source).pipe(this.parser);
  }

  /** The next part, once it has been parsed; undefined after the last one. Rejects with the reason the form cannot be read. */
  next(): Promise<MultipartPart | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const part = this.queue.shift();
    if (part) return Promise.resolve(part);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Stops reading (the answer is given): what is left of the body is not parsed. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.request.unpipe(this.source);
    this.source.unpipe(this.parser);
    this.parser.removeAllListeners('file');
    for (const part of this.queue) if (part.kind === 'file') part.stream.resume();
    this.queue.length = 0;
    this.request.resume();
  }

  private push(part: MultipartPart): void {
    if (this.failure || this.ended) {
      if (part.kind === 'file') part.stream.resume();
      return;
    }
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting.resolve(part);
    else this.queue.push(part);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (this.failure) waiting?.reject(this.failure);
    else waiting?.resolve(undefined);
  }

  private fail(error: GatewayError): void {
    if (this.failure) return;
    this.failure = error;
    this.request.unpipe(this.source);
    this.source.unpipe(this.parser);
    if (this.activeFile && !this.activeFile.readableEnded) this.activeFile.destroy(error);
    for (const part of this.queue) if (part.kind === 'file') part.stream.destroy(error);
    this.queue.length = 0;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}
