import { describeErrorBody, toUpstreamError } from './upstream-error.js';

describe('upstream error bodies', () => {
  it.each([
    [
      'OpenAI',
      '{"error":{"message":"bad","type":"invalid_request_error","param":"x","code":"c"}}',
      { message: 'bad', type: 'invalid_request_error', param: 'x', code: 'c' },
    ],
    ['Anthropic', '{"type":"error","error":{"type":"rate_limit_error","message":"slow"},"request_id":"req_1"}', { message: 'slow', type: 'rate_limit_error' }],
    ['Cohere', '{"message":"invalid request: message must be at least 1 token long"}', { message: 'invalid request: message must be at least 1 token long' }],
    [
      'Mistral flat',
      '{"object":"error","message":"Rate limit exceeded","type":"rate_limited","param":null,"code":"1300"}',
      { message: 'Rate limit exceeded', type: 'rate_limited', code: '1300' },
    ],
    ['Mistral 422', '{"detail":[{"loc":["body","x"],"msg":"extra field","type":"value_error"},{"msg":"second"}]}', { message: 'extra field; second' }],
    ['Gemini array', '[{"error":{"code":400,"message":"Invalid","status":"INVALID_ARGUMENT"}}]', { message: 'Invalid', type: 'invalid_argument', code: '400' }],
    [
      'Cloudflare',
      '{"result":null,"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[]}',
      { message: 'Authentication error', code: '10000' },
    ],
    ['Ollama native', '{"error":"model not found"}', { message: 'model not found' }],
    ['HTML from a proxy', '<html><body>502 Bad Gateway</body></html>', { message: '<html><body>502 Bad Gateway</body></html>' }],
  ])('reads the %s shape', (_name, body, expected) => {
    expect(describeErrorBody(body)).toMatchObject(expected);
  });

  it('keeps the status and retry-after, and maps overloaded and non-standard statuses', () => {
    const limited = toUpstreamError(429, { 'retry-after': '12', 'x-ratelimit-remaining': '0' }, '{"error":{"message":"slow down"}}');
    expect(limited.status).toBe(429);
    expect(limited.headers).toEqual({ 'retry-after': '12' });
    expect(limited.type).toBe('rate_limit_error');
    expect(toUpstreamError(529, {}, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toMatchObject({
      status: 503,
      type: 'overloaded_error',
    });
    expect(toUpstreamError(498, {}, '{}').status).toBe(503);
    expect(toUpstreamError(500, {}, '').message).toBe('Upstream provider answered HTTP 500.');
  });

  it('keeps the whole message: secrets are taken out before it is cut (redactError)', () => {
    expect(toUpstreamError(400, {}, 'x'.repeat(5000)).message.length).toBe(5000);
  });
});
