import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MOCK_KEY } from './mock-openai-upstream.js';

/** A 1x1 transparent PNG, what the mock "draws". */
export const MOCK_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const GPT_IMAGE_MODELS = ['gpt-image-1', 'gpt-image-1-mini'];
const DALL_E_MODELS = ['dall-e-2', 'dall-e-3'];
const USAGE = { input_tokens: 50, input_tokens_details: { text_tokens: 40, image_tokens: 10 }, output_tokens: 272, total_tokens: 322 };

export interface ReceivedFile {
  field: string;
  filename: string;
  mimeType: string;
  size: number;
  sha256: string;
}

/** One request as the mock read it: JSON body, or the form's fields and files (their sizes and digests). */
export interface ImagesRequestRecord {
  path: string;
  headers: IncomingMessage['headers'];
  json?: Record<string, unknown>;
  fields: Record<string, string>;
  /** The form's text fields in the order they came. */
  fieldOrder: string[];
  files: ReceivedFile[];
}

export interface MockImagesUpstream {
  baseUrl: string;
  requests: ImagesRequestRecord[];
  /** Bytes of request bodies received so far (all requests), as they arrive. */
  bytesReceived(): number;
  close(): Promise<void>;
}

function fail(response: ServerResponse, status: number, message: string, param: string | null = null): void {
  response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_images_error' });
  response.end(JSON.stringify({ error: { message, type: 'invalid_request_error', param, code: null } }));
}

/** The answer to a request the mock accepted: a JSON `ImagesResponse`, or its stream of events. */
function answer(response: ServerResponse, model: string, stream: boolean, eventPrefix: string): void {
  const gptImage = GPT_IMAGE_MODELS.includes(model);
  if (stream) {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_images_stream' });
    const common = { background: 'opaque', created_at: 1767000000, output_format: 'png', quality: 'low', size: '1024x1024' };
    response.write(
      `event: ${eventPrefix}.partial_image\ndata: ${JSON.stringify({ type: `${eventPrefix}.partial_image`, b64_json: MOCK_PNG_BASE64, partial_image_index: 0, ...common })}\n\n`,
    );
    response.end(
      `event: ${eventPrefix}.completed\ndata: ${JSON.stringify({ type: `${eventPrefix}.completed`, b64_json: MOCK_PNG_BASE64, ...common, usage: USAGE })}\n\n`,
    );
    return;
  }
  const body = gptImage
    ? {
        created: 1767000000,
        data: [{ b64_json: MOCK_PNG_BASE64 }],
        background: 'opaque',
        output_format: 'png',
        quality: 'low',
        size: '1024x1024',
        usage: USAGE,
      }
    : { created: 1767000000, data: [{ url: 'https://images.example/generated.png', revised_prompt: 'A revised prompt' }] };
  response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_images_ok' });
  response.end(JSON.stringify(body));
}

/** Reads a multipart body as it streams in, keeping only digests of the files. */
function readForm(request: IncomingMessage, record: ImagesRequestRecord): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = busboy({ headers: request.headers, defParamCharset: 'utf8' });
    form.on('field', (name, value) => {
      record.fields[name] ??= value;
      record.fieldOrder.push(name);
    });
    form.on('file', (field, stream, info) => {
      const hash = createHash('sha256');
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        hash.update(chunk);
      });
      stream.on('end', () => record.files.push({ field, filename: info.filename ?? '', mimeType: info.mimeType, size, sha256: hash.digest('hex') }));
    });
    form.on('close', resolve);
    form.on('error', reject);
    request.pipe(form);
  });
}

/**
 * OpenAI's Images API on a loopback port: `generations` (JSON), `edits` and `variations`
 * (multipart, read as they stream in), with OpenAI's rules: a key, a known model, a prompt where
 * one is required, an image for forms, streaming for GPT image models only.
 */
export async function startMockImagesUpstream(): Promise<MockImagesUpstream> {
  const requests: ImagesRequestRecord[] = [];
  let received = 0;
  const server: Server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (received += chunk.length));
    void serve(request, response).catch((error: unknown) => {
      if (!response.headersSent) fail(response, 400, `Could not read the request: ${(error as Error).message}`);
    });
  });
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const record: ImagesRequestRecord = { path: request.url ?? '', headers: request.headers, fields: {}, fieldOrder: [], files: [] };
    requests.push(record);
    if (request.headers.authorization !== `Bearer ${MOCK_KEY}`) {
      request.resume();
      return fail(response, 401, 'Incorrect API key provided.');
    }
    const operation = /^\/v1\/images\/(generations|edits|variations)$/.exec(request.url ?? '')?.[1];
    if (request.method !== 'POST' || !operation) {
      request.resume();
      return fail(response, 404, 'Unknown route');
    }
    let model: string;
    let stream: boolean;
    if (operation === 'generations') {
      const chunks: Buffer[] = [];
      for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
      record.json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      if (typeof record.json.prompt !== 'string' || !record.json.prompt) return fail(response, 400, "Missing required parameter: 'prompt'.", 'prompt');
      model = String(record.json.model ?? 'dall-e-2');
      stream = record.json.stream === true;
    } else {
      if (!String(request.headers['content-type']).startsWith('multipart/form-data')) return fail(response, 400, 'Expected multipart/form-data.');
      await readForm(request, record);
      const images = record.files.filter((file) => file.field === 'image' || file.field === 'image[]');
      if (images.length === 0) return fail(response, 400, "Missing required parameter: 'image'.", 'image');
      if (operation === 'edits' && !record.fields.prompt) return fail(response, 400, "Missing required parameter: 'prompt'.", 'prompt');
      model = record.fields.model ?? 'dall-e-2';
      stream = record.fields.stream === 'true';
    }
    if (![...GPT_IMAGE_MODELS, ...DALL_E_MODELS].includes(model))
      return fail(response, 400, `Invalid value: '${model}'. Value must be a known image model.`, 'model');
    if (operation === 'variations' && model !== 'dall-e-2') return fail(response, 400, 'Variations are only supported by dall-e-2.', 'model');
    if (stream && !GPT_IMAGE_MODELS.includes(model)) return fail(response, 400, 'Streaming is only supported for GPT image models.', 'stream');
    answer(response, model, stream, operation === 'edits' ? 'image_edit' : 'image_generation');
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    bytesReceived: () => received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
