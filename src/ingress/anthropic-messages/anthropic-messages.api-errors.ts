import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    type: { type: 'string', example: 'error' },
    error: {
      type: 'object',
      properties: {
        type: { type: 'string', example: 'invalid_request_error' },
        message: { type: 'string', example: 'max_tokens is required' },
      },
    },
  },
};

const ERROR_STATUSES: Array<[number, string]> = [
  [400, '`invalid_request_error`: invalid JSON, a wrong field (the message names it), something the provider cannot take, an unknown provider'],
  [401, '`authentication_error`: no valid token in `x-api-key` or `Authorization: Bearer` (with AUTH_ENABLED)'],
  [403, '`permission_error`: the model is not allowed (ALLOWED_MODELS / DISALLOWED_MODELS)'],
  [404, '`not_found_error`: the provider does not know the model'],
  [413, '`request_too_large`: the body is over SERVER_MAX_REQUEST_BODY_SIZE'],
  [429, '`rate_limit_error`: the provider rate-limited the request (`retry-after` kept)'],
  [500, '`api_error`: the provider failed'],
  [504, '`timeout_error`: the provider did not answer in time'],
  [529, '`overloaded_error`: the provider (or the gateway) is overloaded; retry later'],
];

/** Documents the Anthropic-shaped error answers of the Messages routes. */
export function AnthropicErrorResponses() {
  return applyDecorators(...ERROR_STATUSES.map(([status, description]) => ApiResponse({ status, description, schema: ERROR_SCHEMA })));
}
