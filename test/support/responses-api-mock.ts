import type { ServerResponse } from 'node:http';
import { delay, sendJson } from './mock-server.js';
import { knownModels } from './openai-flavours.js';
import { completedResponse, responseStreamFrames, type ResponsesScenario } from './responses-api-answers.js';

type Json = Record<string, unknown>;

/** Request fields OpenAI's `POST /v1/responses` knows; any other is refused, as OpenAI does. */
const FIELDS = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'text',
  'reasoning',
  'max_output_tokens',
  'max_tool_calls',
  'temperature',
  'top_p',
  'top_logprobs',
  'previous_response_id',
  'store',
  'stream',
  'stream_options',
  'metadata',
  'user',
  'safety_identifier',
  'include',
  'background',
  'truncation',
  'service_tier',
  'prompt_cache_key',
  'conversation',
  'prompt',
]);

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/**
 * OpenAI's `POST /v1/responses`, strict: unknown fields, flat function tools, the input items and
 * their pairing (every `function_call_output` answers a `function_call` of the conversation),
 * `previous_response_id` and `item_reference` resolved from what this mock stored (`store` is true
 * unless the request says false), reasoning replayed without `encrypted_content` under
 * `store: false` refused. Every body it writes is kept in `written`, so a test can compare the
 * bytes a client received with the bytes OpenAI sent.
 */
export function createResponsesEndpoint() {
  const stored = new Map<string, Json[]>();
  const written: string[] = [];

  const fail = (response: ServerResponse, refusal: Refusal) =>
    sendJson(response, refusal.status, {
      error: {
        message: refusal.message,
        type: refusal.status === 429 ? 'rate_limit_error' : 'invalid_request_error',
        param: refusal.param,
        code: refusal.code,
      },
    });

  function conversationOf(body: Json): Json[] {
    const extra = Object.keys(body).find((key) => !FIELDS.has(key));
    if (extra) throw new Refusal(400, `Unknown parameter: '${extra}'.`, extra, 'unknown_parameter');
    if (!knownModels('openai').includes(String(body.model)))
      throw new Refusal(404, `The model '${String(body.model)}' does not exist.`, 'model', 'model_not_found');
    if (typeof body.max_output_tokens === 'number' && body.max_output_tokens < 16) {
      throw new Refusal(
        400,
        "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16.",
        'max_output_tokens',
        'integer_below_min_value',
      );
    }
    ((body.tools as Json[] | undefined) ?? []).forEach((tool, index) => {
      if (tool.type === 'function' && (typeof tool.name !== 'string' || 'function' in tool)) {
        throw new Refusal(400, `Missing required parameter: 'tools[${index}].name'.`, `tools[${index}].name`, 'missing_required_parameter');
      }
    });
    const format = (body.text as Json | undefined)?.format as Json | undefined;
    if (format?.type === 'json_schema' && (typeof format.name !== 'string' || !format.schema)) {
      throw new Refusal(400, "Missing required parameter: 'text.format.name'.", 'text.format.name', 'missing_required_parameter');
    }
    let history: Json[] = [];
    if (typeof body.previous_response_id === 'string') {
      const previous = stored.get(body.previous_response_id);
      if (!previous)
        throw new Refusal(400, `Previous response with id '${body.previous_response_id}' not found.`, 'previous_response_id', 'previous_response_not_found');
      history = previous;
    }
    const input: Json[] = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : ((body.input as Json[] | undefined) ?? []);
    const items = input.map((item, index) => resolve(item, `input[${index}]`, body.store === false));
    const conversation = [...history, ...items];
    const calls = new Set<unknown>();
    for (const item of conversation) {
      if (item.type === 'function_call') calls.add(item.call_id);
      if (item.type === 'function_call_output' && !calls.has(item.call_id)) {
        throw new Refusal(400, `No tool call found for function call output with call_id ${String(item.call_id)}.`, 'input');
      }
    }
    return conversation;
  }

  function resolve(item: Json, where: string, notStored: boolean): Json {
    if (item.type === 'item_reference') {
      const found = [...stored.values()].flat().find((candidate) => candidate.id === item.id);
      if (!found) throw new Refusal(404, `Item with id '${String(item.id)}' not found.`, 'input');
      return found;
    }
    if (item.type === 'reasoning' && notStored && typeof item.encrypted_content !== 'string') {
      throw new Refusal(
        404,
        `Item with id '${String(item.id)}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
        'input',
      );
    }
    if (item.type === undefined && item.role === undefined) throw new Refusal(400, `Invalid value for '${where}'.`, where);
    return item;
  }

  function scenarioOf(body: Json, conversation: Json[]): ResponsesScenario {
    const lastUser = [...conversation].reverse().find((item) => item.role === 'user');
    const content = lastUser?.content;
    const text = typeof content === 'string' ? content : JSON.stringify(content ?? '');
    return {
      tools: text.includes('#tools'),
      reasoning: text.includes('#reasoning'),
      json: ((body.text as Json | undefined)?.format as Json | undefined)?.type === 'json_schema',
      answeringToolResults: conversation.at(-1)?.type === 'function_call_output',
      midStreamError: text.includes('#midstream-error'),
      truncate: text.includes('#truncate'),
      errorStatus: Number(/#error:(\d{3})/.exec(text)?.[1] ?? 0),
    };
  }

  return {
    written,
    stored,
    async answer(body: Json, response: ServerResponse): Promise<void> {
      let conversation: Json[];
      try {
        conversation = conversationOf(body);
      } catch (error) {
        if (error instanceof Refusal) return fail(response, error);
        throw error;
      }
      const scenario = scenarioOf(body, conversation);
      if (scenario.errorStatus)
        return fail(
          response,
          new Refusal(scenario.errorStatus, `Mock failure ${scenario.errorStatus}`, null, scenario.errorStatus === 429 ? 'rate_limit_exceeded' : null),
        );
      const final = completedResponse(body, scenario);
      if (body.store !== false && !scenario.midStreamError) stored.set(final.id as string, [...conversation, ...(final.output as Json[])]);
      if (body.stream !== true) {
        const text = JSON.stringify(final, null, 2);
        written.push(text);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(text);
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      const frames = responseStreamFrames(body, final, scenario);
      written.push(frames.join(''));
      for (const [index, frame] of frames.entries()) {
        if (response.destroyed) return;
        if (scenario.truncate && index === 4) {
          await delay(20); // let the frames already written reach the gateway, then cut the connection
          response.socket?.destroy();
          return;
        }
        response.write(frame);
        await delay(0);
      }
      response.end();
    },
  };
}
