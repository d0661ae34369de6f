import { Injectable, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { InvalidRequestError } from '../common/errors/gateway-error.js';

/**
 * Validates a request body against its DTO and hands on the client's own object (not a class
 * instance), so unknown fields reach OpenAI-format upstreams untouched. The first problem is
 * reported with the path of the offending field as `param`.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: false,
      whitelist: false,
      forbidUnknownValues: false,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors: ValidationError[]) => {
        const { path, message } = firstProblem(errors);
        return new InvalidRequestError(`Invalid request: ${message}.`, { param: path, code: 'invalid_value' });
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new InvalidRequestError('The request body must be a JSON object.', { code: 'invalid_body' });
    }
    return super.transform(value, metadata);
  }
}

function firstProblem(errors: ValidationError[], prefix = ''): { path: string; message: string } {
  const error = errors[0];
  const path = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
  if (error.constraints) {
    const message = Object.values(error.constraints)[0];
    return { path, message: message.startsWith(error.property) ? message.replace(error.property, path) : `${path}: ${message}` };
  }
  if (error.children?.length) return firstProblem(error.children, path);
  return { path, message: `${path} is invalid` };
}
