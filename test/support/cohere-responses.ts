import { sseFrame, STRUCTURED_TEXT, type MockScenario } from './mock-server.js';

/**
 * What the Cohere mock answers, per scenario word in the last user or tool message: `#tools` (a
 * tool plan and two tool calls), `#thinking`, `#max_tokens`, `#billed` (usage with billed units
 * only), `#midstream-error` (a `message-end` that reports an error). Shapes follow the wire-format
 * reference, sections 4.4-4.5, and are checked against the official SDK's schemas.
 */

export const COHERE_TEXT = 'Hello from cohere!';
export const COHERE_USAGE = { billed_units: { input_tokens: 8, output_tokens: 5 }, tokens: { input_tokens: 205, output_tokens: 5 }, cached_tokens: 128 };
const BILLED_ONLY_USAGE = { billed_units: { input_tokens: 8, output_tokens: 5 } };

type Json = Record<string, unknown>;

function firstToolName(body: Json): string {
  return (body.tools as Array<{ function?: { name?: string } }> | undefined)?.[0]?.function?.name ?? 'get_weather';
}

function toolCallsFor(body: Json) {
  const name = firstToolName(body);
  return [
    { id: `${name}_p4r1`, type: 'function', function: { name, arguments: '{"city":"Paris"}' } },
    { id: `${name}_r0m3`, type: 'function', function: { name, arguments: '{"city":"Rome"}' } },
  ];
}

/** The answer's text: JSON when the request asks for it. */
const textFor = (body: Json) => (body.response_format ? STRUCTURED_TEXT : COHERE_TEXT);
const finishFor = (scenario: MockScenario) => (scenario.has('tools') ? 'TOOL_CALL' : scenario.has('max_tokens') ? 'MAX_TOKENS' : 'COMPLETE');
const usageFor = (scenario: MockScenario) => (scenario.has('billed') ? BILLED_ONLY_USAGE : COHERE_USAGE);

/** A non-streaming v2 chat response. */
export function cohereResponseFor(body: Json, scenario: MockScenario): Json {
  const message: Json = scenario.has('tools')
    ? { role: 'assistant', tool_plan: 'I will look up the weather in both cities.', tool_calls: toolCallsFor(body) }
    : {
        role: 'assistant',
        content: [
          ...(scenario.has('thinking') ? [{ type: 'thinking', thinking: 'A greeting deserves a greeting.' }] : []),
          { type: 'text', text: textFor(body) },
        ],
      };
  return { id: 'c0ffee00-0000-4000-8000-000000000001', finish_reason: finishFor(scenario), message, usage: usageFor(scenario) };
}

/** The SSE frames of a stream, ending with `message-end` and `data: [DONE]` as Cohere sends them. */
export function cohereStreamFor(body: Json, scenario: MockScenario): string[] {
  const frames: string[] = [];
  const send = (data: Json) => frames.push(sseFrame(data.type as string, data));
  send({
    id: 'c0ffee00-0000-4000-8000-000000000002',
    type: 'message-start',
    delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } },
  });
  if (scenario.has('tools')) {
    for (const piece of ['I will look up ', 'the weather in both cities.']) send({ type: 'tool-plan-delta', delta: { message: { tool_plan: piece } } });
    toolCallsFor(body).forEach((call, index) => {
      send({ type: 'tool-call-start', index, delta: { message: { tool_calls: { ...call, function: { ...call.function, arguments: '' } } } } });
      const args = call.function.arguments;
      for (const piece of [args.slice(0, 8), args.slice(8)])
        send({ type: 'tool-call-delta', index, delta: { message: { tool_calls: { function: { arguments: piece } } } } });
      send({ type: 'tool-call-end', index });
    });
  } else {
    let index = 0;
    if (scenario.has('thinking')) {
      send({ type: 'content-start', index, delta: { message: { content: { type: 'thinking', thinking: '' } } } });
      send({ type: 'content-delta', index, delta: { message: { content: { thinking: 'A greeting deserves a greeting.' } } } });
      send({ type: 'content-end', index });
      index++;
    }
    send({ type: 'content-start', index, delta: { message: { content: { type: 'text', text: '' } } } });
    const text = textFor(body);
    const middle = Math.ceil(text.length / 2);
    send({ type: 'content-delta', index, delta: { message: { content: { text: text.slice(0, middle) } } } });
    if (scenario.has('midstream-error')) {
      send({
        type: 'message-end',
        delta: { finish_reason: 'ERROR', error: 'internal server error, this may be a temporary issue', usage: usageFor(scenario) },
      });
      return frames;
    }
    send({ type: 'content-delta', index, delta: { message: { content: { text: text.slice(middle) } } } });
    send({ type: 'content-end', index });
  }
  send({ type: 'message-end', delta: { finish_reason: finishFor(scenario), usage: usageFor(scenario) } });
  frames.push(sseFrame(undefined, '[DONE]'));
  return frames;
}

/** Models the mock lists, two per page: one deprecated and one embedding model are filtered out. */
export const COHERE_MODELS = [
  {
    name: 'command-a-03-2025',
    endpoints: ['chat', 'generate'],
    finetuned: false,
    context_length: 256000,
    default_endpoints: ['chat'],
    features: ['tools', 'json_mode'],
    is_deprecated: false,
  },
  { name: 'command-r-08-2024', endpoints: ['chat'], finetuned: false, context_length: 128000, default_endpoints: [], features: ['tools'], is_deprecated: true },
  { name: 'embed-v4.0', endpoints: ['embed'], finetuned: false, context_length: 128000, default_endpoints: ['embed'], features: [], is_deprecated: false },
  {
    name: 'command-r7b-12-2024',
    endpoints: ['chat'],
    finetuned: false,
    context_length: 128000,
    default_endpoints: [],
    features: ['tools'],
    is_deprecated: false,
  },
];

/** Models the gateway should list: chat endpoint, not deprecated. */
export const COHERE_CHAT_MODELS = COHERE_MODELS.filter((model) => model.endpoints.includes('chat') && !model.is_deprecated).map((model) => model.name);
