import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import OpenAI, { toFile } from 'openai';
import { accessFile, newKey } from '../support/access-file.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import { MOCK_PNG_BASE64, startMockImagesUpstream, type MockImagesUpstream } from '../support/mock-images-upstream.js';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

/**
 * OpenAI's Images API through the gateway (ENABLE_IMAGES): generations as JSON, edits and
 * variations as multipart forms streamed to the provider, against a mock that reads the forms it
 * gets as OpenAI does.
 */
const FIVE_MB = 5 * 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let images: MockImagesUpstream;
let others: Upstreams;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  images = await startMockImagesUpstream();
  others = await startOpenAiUpstreams(['groq']);
  gateway = await startTestGateway({
    ...others.env,
    OPENAI_API_URL: images.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    ENABLE_IMAGES: 'true',
    SERVER_MAX_REQUEST_BODY_SIZE: '8MiB',
    DISALLOWED_MODELS: 'openai/dall-e-3',
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-token', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await others?.closeAll();
  await images?.close();
});

const lastRequest = () => images.requests.at(-1)!;
const spooled = () => readdirSync(tmpdir()).filter((name) => name.startsWith('llm-gateway-upload-'));

describe('POST /v1/images/generations', () => {
  it('relays a generation through the openai client, the model without its provider prefix', async () => {
    const answer = await client.images.generate({ model: 'openai/gpt-image-1', prompt: 'A lighthouse at dawn', size: '1024x1024', quality: 'low' });
    expect(answer.data?.[0].b64_json).toBe(MOCK_PNG_BASE64);
    expect(answer.usage).toMatchObject({ input_tokens: 50, output_tokens: 272 });
    expect(lastRequest().json).toEqual({ model: 'gpt-image-1', prompt: 'A lighthouse at dawn', size: '1024x1024', quality: 'low' });
    expect(lastRequest().headers.authorization).toBe(`Bearer ${MOCK_KEY}`);
  });

  it('streams partial images as the provider sends them', async () => {
    const stream = await client.images.generate({ model: 'openai/gpt-image-1', prompt: 'A lighthouse', stream: true, partial_images: 1 });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(['image_generation.partial_image', 'image_generation.completed']);
  });

  it('says where it went and what the provider called the request', async () => {
    const response = await fetch(`${gateway.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/dall-e-2', prompt: 'A cat' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-selected-provider')).toBe('openai');
    expect(response.headers.get('x-selected-model')).toBe('dall-e-2');
    expect(response.headers.get('x-upstream-request-id')).toBe('req_images_ok');
    expect(((await response.json()) as { data: Array<{ url: string }> }).data[0].url).toBe('https://images.example/generated.png');
  });

  it('answers errors in OpenAI shape: not allowed, no images at the provider, a bad body, the provider refusing', async () => {
    const before = images.requests.length;
    await expect(client.images.generate({ model: 'openai/dall-e-3', prompt: 'A cat' })).rejects.toMatchObject({ status: 403, code: 'model_not_allowed' });
    await expect(client.images.generate({ model: 'groq/llama-3.3-70b-versatile', prompt: 'A cat' })).rejects.toMatchObject({
      status: 400,
      code: 'images_not_supported',
      param: 'model',
    });
    await expect(client.images.generate({ model: 'openai/gpt-image-1' } as never)).rejects.toMatchObject({ status: 400, param: 'prompt' });
    expect(images.requests.length).toBe(before);
    await expect(client.images.generate({ model: 'openai/gpt-unknown', prompt: 'A cat' })).rejects.toMatchObject({
      status: 400,
      param: 'model',
      message: expect.stringContaining("Invalid value: 'gpt-unknown'"),
    });
  });
});

describe('POST /v1/images/edits and /v1/images/variations (multipart)', () => {
  it('relays an edit with a 5 MB image from the openai client, file and fields intact', async () => {
    const image = randomBytes(FIVE_MB);
    // The SDK writes the form in the order of the object: the image comes before the model.
    const answer = await client.images.edit({
      image: await toFile(image, 'photo.png', { type: 'image/png' }),
      prompt: 'Add a red scarf',
      model: 'openai/gpt-image-1',
      size: '1024x1024',
    });
    expect(answer.data?.[0].b64_json).toBe(MOCK_PNG_BASE64);
    const received = lastRequest();
    expect(received.path).toBe('/v1/images/edits');
    expect(received.fields).toEqual({ prompt: 'Add a red scarf', model: 'gpt-image-1', size: '1024x1024' });
    expect(received.files).toEqual([{ field: 'image', filename: 'photo.png', mimeType: 'image/png', size: FIVE_MB, sha256: sha256(image) }]);
    expect(String(received.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    // The image came before the model, so it waited on disk; it is gone once the answer is.
    const deadline = Date.now() + 10_000;
    while (spooled().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(spooled()).toEqual([]);
  });

  it('streams a form to the provider while the client is still sending it', async () => {
    const image = randomBytes(FIVE_MB);
    const boundary = 'client-boundary-7c1e';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nopenai/gpt-image-1\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nMake it blue\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="image[]"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const receivedBefore = images.bytesReceived();
    let reachedProvider = false;
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(head);
        controller.enqueue(image.subarray(0, FIVE_MB / 2));
        // Hold the rest back until the provider has got part of the form: a gateway that buffered
        // the body whole would never pass this point (and the test would time out).
        const deadline = Date.now() + 20_000; // generous: the machine may be loaded
        while (images.bytesReceived() - receivedBefore < 1024 * 1024 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        reachedProvider = images.bytesReceived() - receivedBefore >= 1024 * 1024;
        controller.enqueue(image.subarray(FIVE_MB / 2));
        controller.enqueue(tail);
        controller.close();
      },
    });
    const response = await fetch(`${gateway.url}/v1/images/edits`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(200);
    expect(reachedProvider).toBe(true);
    expect(lastRequest().fieldOrder).toEqual(['model', 'prompt']);
    expect(lastRequest().files).toEqual([{ field: 'image[]', filename: 'a.png', mimeType: 'image/png', size: FIVE_MB, sha256: sha256(image) }]);
  }, 60_000);

  it('streams the answer when the form asks for it after its files', async () => {
    const stream = await client.images.edit({
      image: await toFile(randomBytes(64 * 1024), 'photo.png', { type: 'image/png' }),
      prompt: 'Add a hat',
      model: 'openai/gpt-image-1',
      stream: true,
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(['image_edit.partial_image', 'image_edit.completed']);
  });

  it('relays a variation', async () => {
    const answer = await client.images.createVariation({
      image: await toFile(randomBytes(2048), 'square.png', { type: 'image/png' }),
      model: 'openai/dall-e-2',
      n: 1,
    });
    expect(answer.data?.[0].url).toBe('https://images.example/generated.png');
    expect(lastRequest().path).toBe('/v1/images/variations');
    expect(lastRequest().fields).toMatchObject({ model: 'dall-e-2', n: '1' });
  });

  it('answers a form that ends inside a file after its model with a 400, and goes on serving', async () => {
    const boundary = 'cut-short-3f9a';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nopenai/gpt-image-1\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nnot all of it`;
    const response = await fetch(`${gateway.url}/v1/images/edits`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_multipart');
    // The broken file must not take the process down with it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const answer = await client.images.generate({ model: 'openai/dall-e-2', prompt: 'A cat' });
    expect(answer.data?.[0].url).toBe('https://images.example/generated.png');
  });

  it('refuses a form without a model, a body over SERVER_MAX_REQUEST_BODY_SIZE, and a disallowed model, in OpenAI shape', async () => {
    const before = images.requests.length;
    const noModel = await client.images
      .edit({ image: await toFile(randomBytes(1024), 'a.png', { type: 'image/png' }), prompt: 'x' } as never)
      .catch((error: unknown) => error);
    expect(noModel).toMatchObject({ status: 400, param: 'model', code: 'missing_model' });
    const tooLarge = await client.images
      .edit({ model: 'openai/gpt-image-1', prompt: 'x', image: await toFile(randomBytes(9 * 1024 * 1024), 'big.png', { type: 'image/png' }) })
      .catch((error: unknown) => error);
    expect(tooLarge).toMatchObject({ status: 413, code: 'request_too_large' });
    const disallowed = await client.images
      .edit({ model: 'openai/dall-e-3', prompt: 'x', image: await toFile(randomBytes(1024), 'a.png', { type: 'image/png' }) })
      .catch((error: unknown) => error);
    expect(disallowed).toMatchObject({ status: 403, code: 'model_not_allowed' });
    const notAForm = await fetch(`${gateway.url}/v1/images/edits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(notAForm.status).toBe(400);
    expect(((await notAForm.json()) as { error: { code: string } }).error.code).toBe('invalid_multipart');
    expect(images.requests.length).toBe(before);
  });
});

describe('with ENABLE_IMAGES off', () => {
  it('answers every images route with a 404 saying how to turn it on', async () => {
    const off = await startTestGateway({ OPENAI_API_URL: images.baseUrl, OPENAI_API_KEY: MOCK_KEY });
    try {
      const offClient = new OpenAI({ baseURL: `${off.url}/v1`, apiKey: 'client-token', maxRetries: 0 });
      await expect(offClient.images.generate({ model: 'openai/gpt-image-1', prompt: 'A cat' })).rejects.toMatchObject({
        status: 404,
        code: 'images_disabled',
        message: expect.stringContaining('ENABLE_IMAGES=true'),
      });
      await expect(
        offClient.images.edit({ model: 'openai/gpt-image-1', prompt: 'x', image: await toFile(randomBytes(1024), 'a.png', { type: 'image/png' }) }),
      ).rejects.toMatchObject({ status: 404, code: 'images_disabled' });
    } finally {
      await off.close();
    }
  });
});

describe('with an access file', () => {
  it("holds images calls to the key's models and limits, the caller's rate-limit headers on the answer", async () => {
    const painter = newKey();
    const file = accessFile(`keys:\n  - name: painter\n    sha256: ${painter.sha256}\n    models: ["openai/gpt-image-1"]\n    limits: { rpm: 2 }\n`);
    const guarded = await startTestGateway({ OPENAI_API_URL: images.baseUrl, OPENAI_API_KEY: MOCK_KEY, ENABLE_IMAGES: 'true', ACCESS_CONFIG_PATH: file.path });
    try {
      const keyed = new OpenAI({ baseURL: `${guarded.url}/v1`, apiKey: painter.key, maxRetries: 0 });
      const { response } = await keyed.images
        .edit({ model: 'openai/gpt-image-1', prompt: 'x', image: await toFile(randomBytes(1024), 'a.png', { type: 'image/png' }) })
        .withResponse();
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('2');
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('1');
      const before = images.requests.length;
      await expect(keyed.images.generate({ model: 'openai/dall-e-2', prompt: 'A cat' })).rejects.toMatchObject({ status: 403, code: 'model_not_allowed' });
      await keyed.images.generate({ model: 'openai/gpt-image-1', prompt: 'A cat' });
      await expect(keyed.images.generate({ model: 'openai/gpt-image-1', prompt: 'A cat' })).rejects.toMatchObject({ status: 429 });
      expect(images.requests.length).toBe(before + 1);
      await expect(
        new OpenAI({ baseURL: `${guarded.url}/v1`, apiKey: 'not-a-key', maxRetries: 0 }).images.edit({
          model: 'openai/gpt-image-1',
          prompt: 'x',
          image: await toFile(randomBytes(1024), 'a.png', { type: 'image/png' }),
        }),
      ).rejects.toMatchObject({ status: 401 });
    } finally {
      await guarded.close();
      file.remove();
    }
  });
});
