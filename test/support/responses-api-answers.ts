/**
 * What the OpenAI mock's `/v1/responses` answers, as OpenAI writes it (wire formats part 2,
 * sections 1.5-1.11): the Response object, and its stream of named events numbered from 0, with
 * the `obfuscation` padding OpenAI adds to deltas. Scenario words in the last user input:
 * `#tools` (two function calls), `#reasoning` (a reasoning item with a summary and
 * `encrypted_content` first), `#midstream-error` (`error` then `response.failed` after the start).
 * A `json_schema` text format is answered with JSON for it; function call outputs with text.
 */

type Json = Record<string, unknown>;

export const RESPONSES_MODEL = 'gpt-4o-mini-2024-07-18';
export const RESPONSES_TEXT = 'Hello from openai responses!';
export const RESPONSES_JSON = '{"city":"Paris","temperature_c":18}';
export const RESPONSES_TOOL_ANSWER = 'It is 18C in Paris and 24C in Rome.';
export const RESPONSES_ENCRYPTED = 'gAAAAABmockEncryptedReasoning==';
const CREATED_AT = 1767000000;

export interface ResponsesScenario {
  tools: boolean;
  reasoning: boolean;
  json: boolean;
  answeringToolResults: boolean;
  midStreamError: boolean;
  truncate: boolean;
  /** Refuse the request with this status (0: answer). */
  errorStatus: number;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}_mock${(++counter).toString().padStart(6, '0')}`;

function outputFor(body: Json, scenario: ResponsesScenario): Json[] {
  const output: Json[] = [];
  if (scenario.reasoning) {
    output.push({
      id: nextId('rs'),
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'The user wants the weather.' }],
      encrypted_content: RESPONSES_ENCRYPTED,
    });
  }
  if (scenario.tools && !scenario.answeringToolResults) {
    const name = (body.tools as Array<{ name?: string }> | undefined)?.find((tool) => tool.name)?.name ?? 'get_weather';
    for (const [index, city] of ['Paris', 'Rome'].entries()) {
      output.push({ id: nextId('fc'), type: 'function_call', status: 'completed', arguments: `{"city":"${city}"}`, call_id: `call_mock${index}`, name });
    }
    return output;
  }
  const text = scenario.answeringToolResults ? RESPONSES_TOOL_ANSWER : scenario.json ? RESPONSES_JSON : RESPONSES_TEXT;
  output.push({
    id: nextId('msg'),
    type: 'message',
    status: 'completed',
    content: [{ type: 'output_text', annotations: [], logprobs: [], text }],
    role: 'assistant',
  });
  return output;
}

function usageFor(scenario: ResponsesScenario): Json {
  const reasoning = scenario.reasoning ? 4 : 0;
  return {
    input_tokens: 37,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 11 + reasoning,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: 48 + reasoning,
  };
}

/** The Response object with the request's settings echoed, as OpenAI returns it. */
function responseObject(body: Json, id: string, status: string, output: Json[], usage: Json | null, error: Json | null = null): Json {
  return {
    id,
    object: 'response',
    created_at: CREATED_AT,
    status,
    background: false,
    error,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: null,
    model: RESPONSES_MODEL,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    prompt_cache_key: null,
    reasoning: { effort: (body.reasoning as Json | undefined)?.effort ?? null, summary: null },
    safety_identifier: null,
    service_tier: 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: (body.text as Json | undefined)?.format ?? { type: 'text' }, verbosity: 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_logprobs: 0,
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: body.metadata ?? {},
  };
}

/** A complete response (non-streaming, or the payload of `response.completed`). */
export function completedResponse(body: Json, scenario: ResponsesScenario): Json {
  return responseObject(body, nextId('resp'), 'completed', outputFor(body, scenario), usageFor(scenario));
}

/** The SSE frames of a stream for that response, in OpenAI's order. */
export function responseStreamFrames(body: Json, final: Json, scenario: ResponsesScenario): string[] {
  const frames: string[] = [];
  let sequence = 0;
  const send = (type: string, payload: Json) => frames.push(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...payload })}\n\n`);
  const start = responseObject(body, final.id as string, 'in_progress', [], null);
  send('response.created', { response: start });
  send('response.in_progress', { response: start });
  if (scenario.midStreamError) {
    const error = { type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota.', param: null };
    send('error', { error });
    send('response.failed', { response: responseObject(body, final.id as string, 'failed', [], null, { code: error.code, message: error.message }) });
    return frames;
  }
  (final.output as Json[]).forEach((item, index) => {
    const scope = { item_id: item.id, output_index: index };
    if (item.type === 'reasoning') {
      send('response.output_item.added', { output_index: index, item: { ...item, summary: [] } });
      const text = (item.summary as Json[])[0].text as string;
      send('response.reasoning_summary_part.added', { ...scope, summary_index: 0, part: { type: 'summary_text', text: '' } });
      for (const piece of [text.slice(0, 9), text.slice(9)])
        send('response.reasoning_summary_text.delta', { ...scope, summary_index: 0, delta: piece, obfuscation: 'xK2' });
      send('response.reasoning_summary_text.done', { ...scope, summary_index: 0, text });
      send('response.reasoning_summary_part.done', { ...scope, summary_index: 0, part: { type: 'summary_text', text } });
    } else if (item.type === 'function_call') {
      send('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', arguments: '' } });
      const args = item.arguments as string;
      for (const piece of [args.slice(0, 4), args.slice(4)]) send('response.function_call_arguments.delta', { ...scope, delta: piece, obfuscation: 'a9' });
      send('response.function_call_arguments.done', { ...scope, arguments: args });
    } else {
      send('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', content: [] } });
      const text = ((item.content as Json[])[0].text as string) ?? '';
      send('response.content_part.added', { ...scope, content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
      for (const piece of [text.slice(0, 6), text.slice(6)])
        send('response.output_text.delta', { ...scope, content_index: 0, delta: piece, logprobs: [], obfuscation: 'Qw' });
      send('response.output_text.done', { ...scope, content_index: 0, text, logprobs: [] });
      send('response.content_part.done', { ...scope, content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text } });
    }
    send('response.output_item.done', { output_index: index, item });
  });
  send('response.completed', { response: final });
  return frames;
}
