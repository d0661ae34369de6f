import { BadRequestException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { TimeoutError } from 'rxjs';
import { fromError } from './from-error.js';
import { InvalidRequestError } from './gateway-error.js';

describe('fromError', () => {
  it('keeps gateway errors as they are', () => {
    const error = new InvalidRequestError('bad', { param: 'x' });
    expect(fromError(error)).toBe(error);
  });

  it.each([
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 502, 'api_error'],
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }), 502, 'api_error'],
    [Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 504, 'timeout_error'],
    [new TimeoutError(), 504, 'timeout_error'],
    [Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }), 499, 'client_closed_request'],
    [new NotFoundException(), 404, 'invalid_request_error'],
    [new ServiceUnavailableException('not ready'), 503, 'server_error'],
    [
      new BadRequestException('oops', { cause: Object.assign(new SyntaxError('Unexpected end of JSON input'), { type: 'entity.parse.failed' }) }),
      400,
      'invalid_request_error',
    ],
    [Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 }), 413, 'invalid_request_error'],
  ])('maps %s to %i %s', (error, status, type) => {
    expect(fromError(error)).toMatchObject({ status, type });
  });

  it('reveals nothing about an unexpected error', () => {
    const mapped = fromError(new Error('secret internal detail at /srv/app.js:12'));
    expect(mapped.status).toBe(500);
    expect(mapped.message).toBe('The gateway failed to process the request.');
    expect(JSON.stringify(mapped.toBody())).not.toContain('secret');
  });
});
