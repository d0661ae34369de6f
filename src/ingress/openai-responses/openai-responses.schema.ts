import { TOOL_CHOICE } from '../openai-chat/openai-chat.schema.js';

/**
 * The Responses request as the gateway checks it and documents it (OpenAPI 3.0): the fields the
 * gateway reads, typed as they are on the wire. Everything else is allowed and passed on to OpenAI
 * (and checked when the request is translated for another provider).
 */
const nullableNumber = (minimum: number, maximum: number) => ({ type: 'number', nullable: true, minimum, maximum });

const ITEM = {
  type: 'object',
  additionalProperties: true,
  description: 'an input item: a message, function_call, function_call_output, reasoning or item_reference',
};

export const RESPONSES_REQUEST_SCHEMA = {
  type: 'object',
  required: ['model'],
  properties: {
    model: {
      type: 'string',
      minLength: 1,
      maxLength: 512,
      example: 'anthropic/claude-sonnet-4-5',
      description: '`<provider>/<model>`, or the bare model with `?provider=`',
    },
    input: {
      description: 'input must be a string or an array of input items (objects)',
      anyOf: [{ type: 'string' }, { type: 'array', items: ITEM }],
      example: 'Write a haiku about gateways.',
    },
    instructions: { type: 'string', nullable: true },
    tools: {
      type: 'array',
      items: { type: 'object', required: ['type'], properties: { type: { type: 'string', example: 'function' } }, additionalProperties: true },
    },
    tool_choice: TOOL_CHOICE,
    parallel_tool_calls: { type: 'boolean', nullable: true },
    text: {
      type: 'object',
      nullable: true,
      properties: {
        format: { type: 'object', required: ['type'], properties: { type: { type: 'string', example: 'json_schema' } }, additionalProperties: true },
      },
      additionalProperties: true,
    },
    reasoning: { type: 'object', nullable: true, properties: { effort: { type: 'string', nullable: true, example: 'low' } }, additionalProperties: true },
    max_output_tokens: { type: 'integer', nullable: true, minimum: 1 },
    temperature: nullableNumber(0, 2),
    top_p: nullableNumber(0, 1),
    previous_response_id: { type: 'string', nullable: true, minLength: 1 },
    store: { type: 'boolean', nullable: true },
    stream: { type: 'boolean', nullable: true },
    metadata: { type: 'object', nullable: true, maxProperties: 16, additionalProperties: { type: 'string', maxLength: 512 } },
    user: { type: 'string' },
  },
  additionalProperties: true,
};
