import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { InvalidRequestError } from '../../common/errors/gateway-error.js';

type Schema = Record<string, unknown>;

/**
 * An OpenAPI 3.0 schema (what Swagger documents) as JSON Schema for Ajv: `nullable: true` on a
 * schema without `type` (an `anyOf`) becomes a `null` alternative.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const converted: Schema = {};
  for (const [key, value] of Object.entries(schema)) converted[key] = toJsonSchema(value);
  if (converted.nullable === true && converted.type === undefined && Array.isArray(converted.anyOf)) {
    delete converted.nullable;
    converted.anyOf = [...(converted.anyOf as unknown[]), { type: 'null' }];
  }
  return converted;
}

const ajv = new Ajv({ strict: false, verbose: true, allErrors: false });

/**
 * A validator for request bodies, compiled once from the same schema the API documents. It checks
 * the client's own object (nothing is copied or converted, so unknown fields reach the upstream
 * untouched) and refuses the first problem with a 400 naming the field (`messages[0].role`).
 */
// The caller names the type its schema describes.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function bodyValidator<T extends object>(schema: Schema): (body: unknown) => T {
  const validate: ValidateFunction<T> = ajv.compile<T>(toJsonSchema(schema) as Schema);
  return (body: unknown): T => {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new InvalidRequestError('The request body must be a JSON object.', { code: 'invalid_body' });
    }
    if (validate(body)) return body;
    const { path, message } = describe(validate.errors ?? []);
    throw new InvalidRequestError(`Invalid request: ${message}.`, { param: path, code: 'invalid_value' });
  };
}

/** The outermost failure (Ajv lists the failures of `anyOf` branches before the `anyOf` itself). */
function describe(errors: ErrorObject[]): { path: string; message: string } {
  const error = errors.at(-1);
  if (!error) return { path: '', message: 'the body is invalid' };
  let path = toParam(error.instancePath);
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    path = path ? `${path}.${missing}` : missing;
    return { path, message: `${path} is required` };
  }
  const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
  if ((error.keyword === 'anyOf' || error.keyword === 'oneOf') && typeof description === 'string') return { path, message: withPath(description, path) };
  if (error.keyword === 'enum') return { path, message: `${path} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` };
  return { path, message: `${path} ${error.message ?? 'is invalid'}` };
}

/** A description that starts with the field's own name (`content must be ...`) names it by its whole path. */
function withPath(description: string, path: string): string {
  const name = /[\w-]+$/.exec(path)?.[0];
  return name && description.startsWith(`${name} `) ? `${path}${description.slice(name.length)}` : `${path}: ${description}`;
}

/** `/messages/0/role` as `messages[0].role`. */
function toParam(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}
