import { hubToChatCompletion } from '../../../test/support/openai-pipeline.js';
import { fromCohereResponse as toHubEvents } from './cohere.response.js';
import type { CohereResponse } from './cohere.types.js';

const OPTIONS = { model: 'command-a-03-2025', created: 1760000300 };
/** A Cohere response as an OpenAI client receives it: through the hub. */
const fromCohereResponse = (body: CohereResponse, options: typeof OPTIONS) => hubToChatCompletion(toHubEvents(body, options.model), options);

describe('fromCohereResponse', () => {
  it('translates the reference tool-call response: plan as reasoning, null content, tokens over billed units', () => {
    const completion = fromCohereResponse(
      {
        id: '5e1c7a0d-22c4-4d6e-9c0b-0f7b0f0a9a11',
        finish_reason: 'TOOL_CALL',
        message: {
          role: 'assistant',
          tool_plan: 'I will look up the weather in Paris.',
          tool_calls: [{ id: 'get_weather_x7k2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        usage: { billed_units: { input_tokens: 40, output_tokens: 21 }, tokens: { input_tokens: 612, output_tokens: 35 }, cached_tokens: 512 },
      },
      OPTIONS,
    );
    expect(completion).toEqual({
      id: '5e1c7a0d-22c4-4d6e-9c0b-0f7b0f0a9a11',
      object: 'chat.completion',
      created: 1760000300,
      model: 'command-a-03-2025',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            reasoning_content: 'I will look up the weather in Paris.',
            tool_calls: [{ id: 'get_weather_x7k2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 612, completion_tokens: 35, total_tokens: 647, prompt_tokens_details: { cached_tokens: 512 } },
    });
  });

  it('joins text items, keeps thinking apart, omits tool_calls, and falls back to billed units', () => {
    const completion = fromCohereResponse(
      {
        id: 'a',
        finish_reason: 'COMPLETE',
        message: {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Easy.' },
            { type: 'text', text: '18 ' },
            { type: 'text', text: '°C.' },
          ],
        },
        usage: { billed_units: { input_tokens: 9, output_tokens: 4 } },
      },
      OPTIONS,
    );
    expect(completion.choices[0].message).toEqual({ role: 'assistant', content: '18 °C.', refusal: null, reasoning_content: 'Easy.' });
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toEqual({ prompt_tokens: 9, completion_tokens: 4, total_tokens: 13, prompt_tokens_details: { cached_tokens: 0 } });
  });

  it.each([
    ['COMPLETE', 'stop'],
    ['STOP_SEQUENCE', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['TOOL_CALL', 'tool_calls'],
  ])('maps finish reason %s to %s', (reason, expected) => {
    expect(fromCohereResponse({ id: 'a', finish_reason: reason, message: { content: [{ type: 'text', text: 'x' }] } }, OPTIONS).choices[0].finish_reason).toBe(
      expected,
    );
  });

  it('fails a generation that ended with ERROR (502) or TIMEOUT (504)', () => {
    expect(() => fromCohereResponse({ id: 'a', finish_reason: 'ERROR', message: {} }, OPTIONS)).toThrow(expect.objectContaining({ status: 502 }));
    expect(() => fromCohereResponse({ id: 'a', finish_reason: 'TIMEOUT', message: {} }, OPTIONS)).toThrow(expect.objectContaining({ status: 504 }));
  });
});
