import type { ChatRequest } from '../api/wire-types';
import { toSnippet } from './code-snippets';

const ORIGIN = 'https://gateway.example.com';
const request: ChatRequest = {
  model: 'openai/gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: "It's here:" },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(200)}` } },
      ],
    },
  ],
  stream: true,
  stream_options: { include_usage: true },
  temperature: 0.2,
};

describe('toSnippet', () => {
  it('writes curl with the body quoted for the shell and the token as a variable', () => {
    const curl = toSnippet('curl', request, ORIGIN);
    expect(curl).toContain(`curl -N ${ORIGIN}/v1/chat/completions`);
    expect(curl).toContain('-H "authorization: Bearer $GATEWAY_TOKEN"');
    expect(curl).toContain(`"text": "It'\\''s here:"`);
  });

  it('shortens image data URLs for display', () => {
    const curl = toSnippet('curl', request, ORIGIN);
    expect(curl).toContain(`"url": "data:image/png;base64,${'A'.repeat(26)}…"`);
    expect(curl).not.toContain('A'.repeat(27));
  });

  it('writes the openai client against <gateway>/v1', () => {
    expect(toSnippet('openai', request, ORIGIN)).toContain(`new OpenAI({ baseURL: '${ORIGIN}/v1'`);
  });

  it('writes the Anthropic SDK with the system prompt apart, base64 image sources and max_tokens', () => {
    const anthropic = toSnippet('anthropic', request, ORIGIN);
    expect(anthropic).toContain(`new Anthropic({ baseURL: '${ORIGIN}', apiKey: null, authToken: process.env.GATEWAY_TOKEN`);
    const body = JSON.parse(anthropic.slice(anthropic.indexOf('stream(') + 'stream('.length, anthropic.indexOf(');\nstream.on'))) as Record<string, unknown>;
    expect(body).toEqual({
      model: 'openai/gpt-4o-mini',
      max_tokens: 1024,
      system: 'Be brief.',
      temperature: 0.2,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: "It's here:" },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: `${'A'.repeat(26)}…` } },
          ],
        },
      ],
    });
  });
});
