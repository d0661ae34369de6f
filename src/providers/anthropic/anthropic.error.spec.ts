import { fromAnthropicStreamError, toAnthropicGatewayError } from './anthropic.error.js';

const body = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_011CAbc' });

describe('toAnthropicGatewayError', () => {
  it('keeps a 429 with its retry-after as an OpenAI rate-limit error', () => {
    const error = toAnthropicGatewayError(
      429,
      { 'retry-after': '12' },
      body('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'),
    );
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'retry-after': '12' });
    expect(error.toBody()).toEqual({
      error: {
        message: 'Number of request tokens has exceeded your per-minute rate limit',
        type: 'rate_limit_error',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
  });

  it('answers 529 overloaded as 503, keeping retry-after', () => {
    const error = toAnthropicGatewayError(529, { 'retry-after': '3' }, body('overloaded_error', 'Overloaded'));
    expect(error).toMatchObject({ status: 503, type: 'overloaded_error', message: 'Overloaded', headers: { 'retry-after': '3' } });
  });

  it('derives retry-after from the reset time of an exhausted rate limit when none was sent', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const error = toAnthropicGatewayError(
      429,
      {
        'anthropic-ratelimit-requests-remaining': '12',
        'anthropic-ratelimit-requests-reset': '2026-01-01T00:05:00Z',
        'anthropic-ratelimit-tokens-remaining': '0',
        'anthropic-ratelimit-tokens-reset': '2026-01-01T00:00:20.500Z',
      },
      body('rate_limit_error', 'Too many tokens'),
      now,
    );
    expect(error.headers).toEqual({ 'retry-after': '21' });
  });

  it.each([
    [400, 'invalid_request_error', 400, 'invalid_request_error', null],
    [401, 'authentication_error', 401, 'authentication_error', 'invalid_api_key'],
    [402, 'billing_error', 402, 'insufficient_quota', 'insufficient_quota'],
    [403, 'permission_error', 403, 'permission_error', null],
    [404, 'not_found_error', 404, 'invalid_request_error', 'model_not_found'],
    [413, 'request_too_large', 413, 'invalid_request_error', 'request_too_large'],
    [500, 'api_error', 500, 'api_error', null],
    [504, 'timeout_error', 504, 'timeout_error', null],
  ])('maps HTTP %i %s to %i %s (%s)', (status, anthropicType, expectedStatus, expectedType, expectedCode) => {
    const error = toAnthropicGatewayError(status, {}, body(anthropicType, status === 404 ? 'model: claude-nope' : 'Something'));
    expect(error.toBody().error).toMatchObject({ type: expectedType, code: expectedCode });
    expect(error.status).toBe(expectedStatus);
  });

  it('reads an HTML page from a proxy without failing and never echoes the key', () => {
    const error = toAnthropicGatewayError(502, { 'x-api-key': 'sk-ant-secret' }, '<html><body>Bad gateway</body></html>');
    expect(error.status).toBe(502);
    expect(error.message).toContain('Bad gateway');
    expect(JSON.stringify({ ...error.toBody(), headers: error.headers })).not.toContain('sk-ant-secret');
  });
});

describe('fromAnthropicStreamError', () => {
  it.each([
    ['overloaded_error', 503],
    ['rate_limit_error', 429],
    ['api_error', 500],
    ['some_new_error', 502],
  ])('gives a %s event the status %i and keeps its type', (type, status) => {
    const error = fromAnthropicStreamError({ type, message: 'Stopped' });
    expect(error.status).toBe(status);
    expect(error.toBody().error.message).toBe('Stopped');
  });
});
