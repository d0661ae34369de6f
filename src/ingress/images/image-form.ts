import type { IncomingMessage } from 'node:http';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidRequestError, type GatewayError } from '../../common/errors/gateway-error.js';
import type { ImageUpload } from '../../providers/llm-provider.js';
import { MultipartReader, type FieldPart, type FilePart } from './multipart-reader.js';
import { encodeMultipart, newBoundary, type OutgoingPart } from './multipart-writer.js';

/** A file that came before the form named its model, kept on disk until the call can be made. */
interface SpooledFile {
  kind: 'spooled';
  name: string;
  filename: string;
  mimeType: string;
  path: string;
}

/** An image form (`/v1/images/edits`, `/v1/images/variations`) read as far as routing needs. */
export interface ImageForm {
  /** The model as the client named it (`provider/model`). */
  model: string;
  /** The text fields read so far (the first value of each name); all of them once the body has been sent on. */
  fields: Record<string, string>;
  /** The form as the provider gets it: the same parts, `model` replaced, files streamed as they arrive. */
  upload: ImageUpload;
  /** Why the body could not be read, once that is known (it explains an upstream call cut short). */
  failure(): GatewayError | undefined;
  /** Stops reading and removes what was kept on disk. */
  close(): Promise<void>;
}

/**
 * Reads a multipart image form until its model is known: text fields as they come, and files that
 * come before the `model` field written to a temporary file (so nothing is held in memory). From
 * there the form streams: the parts already read, then the rest of the body as it arrives, are
 * written to the provider as one new form with the provider's own model name.
 */
export async function readImageForm(request: IncomingMessage, maxBytes: number): Promise<ImageForm> {
  const reader = new MultipartReader(request, maxBytes);
  const fields: Record<string, string> = {};
  const early: Array<FieldPart | SpooledFile> = [];
  let directory: string | undefined;
  let model: string | undefined;
  let pending: FilePart | undefined;
  const close = async () => {
    reader.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  };
  try {
    for (let part = await reader.next(); part; part = await reader.next()) {
      if (part.kind === 'field') {
        fields[part.name] ??= part.value;
        early.push(part);
        if (part.name === 'model' && model === undefined) model = part.value;
        continue;
      }
      if (model !== undefined) {
        pending = part;
        break;
      }
      directory ??= await mkdtemp(join(tmpdir(), 'llm-gateway-upload-'));
      const path = join(directory, String(early.length));
      await pipeline(part.stream, createWriteStream(path));
      early.push({ kind: 'spooled', name: part.name, filename: part.filename, mimeType: part.mimeType, path });
    }
  } catch (error) {
    await close();
    throw error;
  }
  if (!model) {
    await close();
    throw new InvalidRequestError('The form has no "model" field; name the model as "<provider>/<model>".', { param: 'model', code: 'missing_model' });
  }

  async function* parts(upstreamModel: string): AsyncGenerator<OutgoingPart> {
    for (const part of early) {
      if (part.kind === 'field') yield part.name === 'model' ? { ...part, value: upstreamModel } : part;
      else yield { kind: 'file', name: part.name, filename: part.filename, mimeType: part.mimeType, stream: createReadStream(part.path) };
    }
    if (pending) yield pending;
    for (let part = await reader.next(); part; part = await reader.next()) {
      if (part.kind === 'field') {
        if (part.name === 'model') continue; // the model was sent already
        fields[part.name] ??= part.value;
      }
      yield part;
    }
  }

  const boundary = newBoundary();
  const upload: ImageUpload = {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: (upstreamModel: string): Readable => encodeMultipart(parts(upstreamModel), boundary),
  };
  return { model, fields, upload, failure: () => reader.failure, close };
}
