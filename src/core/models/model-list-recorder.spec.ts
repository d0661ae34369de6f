import { ModelListRecorder } from './model-list-recorder.js';

describe('ModelListRecorder', () => {
  it('keeps the last fetch of each provider', () => {
    const recorder = new ModelListRecorder();
    recorder.recordFailure('openai', Date.now(), 'Error: timeout');
    recorder.recordSuccess('openai', Date.now(), 3);
    expect(recorder.last('openai')).toEqual({ state: 'ok', count: 3, fetchedAt: expect.any(Date), latencyMs: expect.any(Number) });
    expect(recorder.last('groq')).toBeUndefined();
  });

  it("keeps neither the provider's key nor credentials written into a URL", () => {
    const recorder = new ModelListRecorder();
    recorder.recordFailure(
      'groq',
      Date.now(),
      'UpstreamError: Invalid key sk-secret-0123456789 for https://me:pa55word@proxy.example/v1',
      'sk-secret-0123456789',
    );
    expect(recorder.last('groq')).toMatchObject({ state: 'error', error: 'UpstreamError: Invalid key [redacted] for https://[redacted]@proxy.example/v1' });
  });
});
