/**
 * OpenAI's Images API requests as the gateway checks and documents them (OpenAPI 3.0). The gateway
 * reads `model` (to route) and `stream`; every other field is passed on to the provider as it is.
 */
const MODEL = {
  type: 'string',
  minLength: 1,
  maxLength: 512,
  example: 'openai/gpt-image-1',
  description: '`<provider>/<model>`, or the bare model with `?provider=`',
};
const COMMON = {
  n: { type: 'integer', minimum: 1, maximum: 10, description: 'how many images (dall-e-3: 1)' },
  size: { type: 'string', example: '1024x1024' },
  quality: { type: 'string', example: 'low' },
  response_format: { type: 'string', enum: ['url', 'b64_json'], description: 'dall-e models; GPT image models always answer `b64_json`' },
  output_format: { type: 'string', enum: ['png', 'jpeg', 'webp'] },
  background: { type: 'string', enum: ['transparent', 'opaque', 'auto'] },
  stream: { type: 'boolean', description: 'GPT image models: Server-Sent Events with partial images, then the final one' },
  partial_images: { type: 'integer', minimum: 0, maximum: 3 },
  user: { type: 'string' },
};

export const IMAGES_GENERATION_SCHEMA = {
  type: 'object',
  required: ['model', 'prompt'],
  properties: {
    model: MODEL,
    prompt: { type: 'string', minLength: 1, example: 'A lighthouse on a cliff at dawn, watercolour' },
    ...COMMON,
    style: { type: 'string', enum: ['vivid', 'natural'], description: 'dall-e-3' },
    moderation: { type: 'string', enum: ['low', 'auto'] },
    output_compression: { type: 'integer', minimum: 0, maximum: 100 },
  },
  additionalProperties: true,
};

const FILE = { type: 'string', format: 'binary' };

/** `multipart/form-data`: documented only (the form is streamed to the provider, not parsed into an object). */
export const IMAGES_EDIT_FORM_SCHEMA = {
  type: 'object',
  required: ['model', 'image', 'prompt'],
  properties: {
    model: MODEL,
    image: { description: 'the image(s) to edit; several as repeated `image[]` parts (GPT image models: up to 16)', ...FILE },
    prompt: { type: 'string', example: 'Add a red scarf' },
    mask: { description: 'a PNG whose transparent areas are edited', ...FILE },
    input_fidelity: { type: 'string', enum: ['high', 'low'] },
    ...COMMON,
  },
};

export const IMAGES_VARIATION_FORM_SCHEMA = {
  type: 'object',
  required: ['model', 'image'],
  properties: {
    model: { ...MODEL, example: 'openai/dall-e-2' },
    image: { description: 'a square PNG under 4 MB', ...FILE },
    n: COMMON.n,
    size: COMMON.size,
    response_format: COMMON.response_format,
    user: COMMON.user,
  },
};

/** The generation fields the gateway reads. */
export interface ImagesGenerationBody {
  model: string;
  prompt: string;
  stream?: boolean;
  [field: string]: unknown;
}
