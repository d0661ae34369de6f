import type { InferenceRequest } from '../core/inference-request.js';
import { estimateTokens } from './token-estimate.js';

const request = (body: Record<string, unknown>, maxTokens?: number) => ({ body, sampling: () => ({ maxTokens }) }) as unknown as InferenceRequest;

describe('estimateTokens', () => {
  it('counts about four characters a token, plus the most the answer may take', () => {
    const body = { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(400) }] };
    expect(estimateTokens(request(body))).toBe(Math.ceil((13 + 4 + 400) / 4));
    expect(estimateTokens(request(body, 1000))).toBe(Math.ceil((13 + 4 + 400) / 4) + 1000);
  });

  it('counts an encoded image as a thousand tokens, not by its length', () => {
    const image = `data:image/png;base64,${'A'.repeat(1_000_000)}`;
    const raw = 'B'.repeat(100_000);
    const body = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: image } },
            { type: 'image', source: { data: raw } },
          ],
        },
      ],
    };
    expect(estimateTokens(request(body))).toBeLessThan(2_100);
  });

  it('is at least one token', () => {
    expect(estimateTokens(request({}))).toBe(1);
  });
});
