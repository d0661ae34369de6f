import { toCohereGatewayError } from './cohere.error.js';

describe('toCohereGatewayError', () => {
  it('reads the flat {message} body and keeps a 429 with retry-after', () => {
    const error = toCohereGatewayError(
      429,
      { 'retry-after': '30' },
      JSON.stringify({ id: 'abc', message: 'You are using a Trial key, which is limited to 20 API calls / minute.' }),
    );
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'retry-after': '30' });
    expect(error.toBody()).toEqual({
      error: {
        message: 'You are using a Trial key, which is limited to 20 API calls / minute.',
        type: 'rate_limit_error',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
  });

  it.each([
    [400, 400, 'invalid_request_error', null],
    [401, 401, 'authentication_error', 'invalid_api_key'],
    [498, 401, 'authentication_error', 'invalid_api_key'],
    [404, 404, 'invalid_request_error', 'model_not_found'],
    [422, 422, 'invalid_request_error', null],
    [499, 502, 'api_error', null],
    [500, 500, 'api_error', null],
    [503, 503, 'api_error', null],
    [504, 504, 'timeout_error', null],
  ])('maps HTTP %i to %i %s', (status, expectedStatus, type, code) => {
    const error = toCohereGatewayError(status, {}, JSON.stringify({ message: status === 404 ? "model 'nope' not found" : 'Failure' }));
    expect(error.status).toBe(expectedStatus);
    expect(error.toBody().error).toMatchObject({ type, code });
  });
});
