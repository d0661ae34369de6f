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
  [403, 'The model is not allowed (ALLOWED_MODELS / DISALLOWED_MODELS)'],
  [404, 'Unknown route, model or stored response (`code` says which)'],
  [413, 'The request body is over SERVER_MAX_REQUEST_BODY_SIZE'],
  [429, 'The provider rate-limited the request (its `retry-after` is kept)'],
  [502, 'The provider could not be reached'],
  [504, 'The provider did not answer in time'],
];

/** Documents the OpenAI-shaped error answers of a route. */
export function ApiErrorResponses(statuses: number[] = ERROR_STATUSES.map(([status]) => status)) {
  return applyDecorators(
    ...ERROR_STATUSES.filter(([status]) => statuses.includes(status)).map(([status, description]) => ApiResponse({ status, description, type: ApiErrorDto })),
  );
}
