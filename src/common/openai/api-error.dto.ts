import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

class ApiErrorDetailDto {
  @ApiProperty({ example: 'Invalid request: temperature must not be greater than 2.' })
  message: string;

  @ApiProperty({ example: 'invalid_request_error' })
  type: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'temperature' })
  param: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'invalid_value' })
  code: string | null;
}

/** The OpenAI error body every failure is answered with. */
export class ApiErrorDto {
  @ApiProperty({ type: ApiErrorDetailDto })
  error: ApiErrorDetailDto;
}

const ERROR_STATUSES: Array<[number, string]> = [
  [400, 'Invalid JSON, a wrong field type (`param` names it), or an unknown or unconfigured provider'],
  [401, 'No valid access token or API key (with AUTH_ENABLED or ACCESS_CONFIG_PATH)'],
  [403, "The model is not allowed (ALLOWED_MODELS / DISALLOWED_MODELS, or the key's model list)"],
  [404, 'Unknown route, model or stored response, or nothing to show (`code` says which)'],
  [413, 'The request body is over SERVER_MAX_REQUEST_BODY_SIZE'],
  [
    429,
    'A limit of the caller was reached (`rate_limit_exceeded`, `concurrency_limit_exceeded`), its budget is spent (`insufficient_quota`), or the provider rate-limited the request; `retry-after` says when to try again',
  ],
  [502, 'The provider could not be reached'],
  [503, 'Limits and budgets cannot be checked (their store is unreachable and ACCESS_FAIL_MODE=closed)'],
  [504, 'The provider did not answer in time'],
];

/** The errors of an inference route. */
const DEFAULT_STATUSES = [400, 401, 403, 413, 429, 502, 503, 504];

/** Documents the OpenAI-shaped error answers of a route. */
export function ApiErrorResponses(statuses: number[] = DEFAULT_STATUSES) {
  return applyDecorators(
    ...ERROR_STATUSES.filter(([status]) => statuses.includes(status)).map(([status, description]) => ApiResponse({ status, description, type: ApiErrorDto })),
  );
}
