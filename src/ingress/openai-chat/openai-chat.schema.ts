/**
 * The Chat Completions request as the gateway checks it and documents it (OpenAPI 3.0): the
 * fields the gateway reads or must vouch for, typed as they are on the wire. Other fields are
 * allowed and passed on.
 */
const nullableNumber = (minimum: number, maximum?: number) => ({ type: 'number', nullable: true, minimum, ...(maximum === undefined ? {} : { maximum }) });
const nullableInteger = (minimum?: number, maximum?: number) => ({
  type: 'integer',
  nullable: true,
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
});

export const MESSAGE_ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

const CONTENT_PART = { type: 'object', required: ['type'], properties: { type: { type: 'string', example: 'text' } }, additionalProperties: true };

const MESSAGE = {
  type: 'object',
  required: ['role'],
  properties: {
    role: { type: 'string', enum: MESSAGE_ROLES },
    content: {
      description: 'content must be a string, null, or an array of content parts with a "type"',
      anyOf: [{ type: 'string' }, { type: 'array', items: CONTENT_PART }],
      nullable: true,
    },
    name: { type: 'string' },
    tool_calls: { type: 'array', items: { type: 'object', additionalProperties: true } },
    tool_call_id: { type: 'string' },
  },
  additionalProperties: true,
};

/** `tool_choice` as OpenAI's chat and Responses APIs both take it: a mode, or an object naming a tool or a kind of choice. */
export const TOOL_CHOICE = {
  description: 'tool_choice must be "none", "auto", "required" or an object with a "type"',
  anyOf: [
    { type: 'string', enum: ['none', 'auto', 'required'] },
    { type: 'object', required: ['type'], properties: { type: { type: 'string' } }, additionalProperties: true },
  ],
  nullable: true,
};

const TOOL = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', example: 'function' },
    function: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 256 },
        description: { type: 'string' },
        parameters: { type: 'object', additionalProperties: true },
        strict: { type: 'boolean', nullable: true },
      },
      additionalProperties: true,
    },
  },
  additionalProperties: true,
};

export const CHAT_REQUEST_SCHEMA = {
  type: 'object',
  required: ['model', 'messages'],
  example: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello!' }] },
  properties: {
    model: {
      type: 'string',
      minLength: 1,
      maxLength: 512,
      example: 'openai/gpt-4o-mini',
      description: '`<provider>/<model>`, or the bare model with `?provider=`',
    },
    messages: { type: 'array', minItems: 1, items: MESSAGE, example: [{ role: 'user', content: 'Hello!' }] },
    stream: { type: 'boolean', nullable: true, example: false },
    stream_options: { type: 'object', nullable: true, properties: { include_usage: { type: 'boolean' } }, additionalProperties: true },
    temperature: nullableNumber(0, 2),
    top_p: nullableNumber(0, 1),
    max_tokens: nullableInteger(1),
    max_completion_tokens: nullableInteger(1),
    n: nullableInteger(1, 128),
    seed: nullableInteger(),
    presence_penalty: nullableNumber(-2, 2),
    frequency_penalty: nullableNumber(-2, 2),
    stop: {
      description: 'stop must be a string or an array of up to 4 strings',
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 4 }],
      nullable: true,
    },
    tools: { type: 'array', items: TOOL },
    tool_choice: TOOL_CHOICE,
    parallel_tool_calls: { type: 'boolean', nullable: true },
    response_format: {
      type: 'object',
      required: ['type'],
      properties: { type: { type: 'string', example: 'json_schema' } },
      additionalProperties: true,
    },
    reasoning_effort: { type: 'string', nullable: true, example: 'low' },
    user: { type: 'string' },
  },
  additionalProperties: true,
};
