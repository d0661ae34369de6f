/**
 * The Messages request as the gateway checks it and documents it (OpenAPI 3.0): the fields every
 * provider needs, typed as Anthropic types them. Other fields, block types and tool types are
 * allowed here: relayed to Anthropic as they are (Anthropic judges them), and refused by the
 * translation for other providers when they have no equivalent.
 */

const BLOCK = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', example: 'text' }, cache_control: { type: 'object', additionalProperties: true } },
  additionalProperties: true,
};

const MESSAGE = {
  type: 'object',
  required: ['role', 'content'],
  properties: {
    role: { type: 'string', enum: ['user', 'assistant', 'system'] },
    content: {
      description: 'content must be a string or an array of content blocks with a "type"',
      anyOf: [{ type: 'string' }, { type: 'array', items: BLOCK }],
    },
  },
  additionalProperties: true,
};

const TOOL = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 256, example: 'get_weather' },
    type: { type: 'string', example: 'custom' },
    description: { type: 'string' },
    input_schema: { type: 'object', additionalProperties: true, example: { type: 'object', properties: { city: { type: 'string' } } } },
  },
  additionalProperties: true,
};

const PROPERTIES = {
  model: {
    type: 'string',
    minLength: 1,
    maxLength: 512,
    example: 'anthropic/claude-sonnet-4-5',
    description: '`<provider>/<model>`, or the bare model with `?provider=`',
  },
  messages: { type: 'array', minItems: 1, items: MESSAGE, example: [{ role: 'user', content: 'Hello!' }] },
  system: {
    description: 'system must be a string or an array of text blocks',
    anyOf: [{ type: 'string' }, { type: 'array', items: BLOCK }],
  },
  stream: { type: 'boolean', example: false },
  stop_sequences: { type: 'array', items: { type: 'string' } },
  temperature: { type: 'number', minimum: 0, maximum: 1 },
  top_p: { type: 'number', minimum: 0, maximum: 1 },
  top_k: { type: 'integer', minimum: 0 },
  tools: { type: 'array', items: TOOL },
  tool_choice: {
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string', example: 'auto' }, name: { type: 'string' }, disable_parallel_tool_use: { type: 'boolean' } },
    additionalProperties: true,
  },
  thinking: {
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string', example: 'enabled' }, budget_tokens: { type: 'integer', minimum: 0 } },
    additionalProperties: true,
  },
  metadata: { type: 'object', properties: { user_id: { type: 'string', nullable: true } }, additionalProperties: true },
};

export const MESSAGES_REQUEST_SCHEMA = {
  type: 'object',
  required: ['model', 'max_tokens', 'messages'],
  properties: { ...PROPERTIES, max_tokens: { type: 'integer', minimum: 0, example: 1024 } },
  additionalProperties: true,
};

/** `POST /v1/messages/count_tokens`: the same request; `max_tokens` optional. */
export const COUNT_TOKENS_REQUEST_SCHEMA = {
  type: 'object',
  required: ['model', 'messages'],
  properties: { ...PROPERTIES, max_tokens: { type: 'integer', minimum: 0 } },
  additionalProperties: true,
};
