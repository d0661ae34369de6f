import { InvalidRequestError } from '../../common/errors/gateway-error.js';

/** A query parameter given at most once, as a non-empty string (or undefined); given twice is a 400. */
export function singleQueryValue(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new InvalidRequestError(`The query parameter "${name}" must be given once.`, { param: name, code: 'invalid_query' });
  return value;
}
