import { buildChatRequest } from './chat-request';
import { DEFAULT_SETTINGS } from './chat-settings';

const settings = { ...DEFAULT_SETTINGS, model: 'openai/gpt-4o-mini' };

describe('buildChatRequest', () => {
  it('sends the system prompt, the history and the new message, streaming with usage', () => {
    const built = buildChatRequest({ ...settings, system: 'Be brief.' }, [{ user: { text: 'Hi', images: [] }, assistant: 'Hello!' }], {
      text: 'Again',
      images: [],
    });
    expect(built).toEqual({
      request: {
        model: 'openai/gpt-4o-mini',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello!' },
          { role: 'user', content: 'Again' },
        ],
        stream: true,
        stream_options: { include_usage: true },
      },
    });
  });

  it('sends images as image_url parts after the text', () => {
    const built = buildChatRequest(settings, [], { text: 'What is it?', images: ['data:image/png;base64,AAAA'] });
    expect('request' in built && built.request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is it?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        ],
      },
    ]);
  });

  it('reads temperature, max tokens and tools', () => {
    const tools = [{ type: 'function', function: { name: 'get_weather' } }];
    const built = buildChatRequest({ ...settings, temperature: '0.5', maxTokens: '100', tools: JSON.stringify(tools) }, [], { text: 'Hi', images: [] });
    expect(built).toMatchObject({ request: { temperature: 0.5, max_completion_tokens: 100, tools } });
  });

  it.each([
    [{ model: '' }, 'Choose a model first.'],
    [{ temperature: '3' }, 'Temperature must be a number from 0 to 2.'],
    [{ maxTokens: '1.5' }, 'Max tokens must be a whole number above 0.'],
    [{ tools: '{"name": "x"}' }, /^Tools must be a JSON array/],
  ])('refuses %j', (changes, error) => {
    const built = buildChatRequest({ ...settings, ...changes }, [], { text: 'Hi', images: [] });
    expect('error' in built && built.error).toMatch(error);
  });
});
