import type { GatewayError } from '../../common/errors/gateway-error.js';
import { createBlockOrder } from '../../hub/hub-block-order.js';
import type { HubEvent } from '../../hub/hub-event.js';
import type { HubFinish } from '../../hub/hub-finish-reason.js';
import type { HubUsage } from '../../hub/hub-usage.js';
import { sealReasoning } from './openai-responses.reasoning-envelope.js';
import { newId, responseSkeleton, toResponseStatus, toResponseUsage, type ResponseIdentity } from './openai-responses.response-object.js';
import type {
  FunctionCallItem,
  ItemStatus,
  McpCallItem,
  MessageItem,
  OutputItem,
  ReasoningItem,
  ResponseObject,
  ResponsesRequestBody,
} from './openai-responses.types.js';

type Payload = Record<string, unknown>;

/** A relayed event's sequence number, read without parsing the event. */
const SEQUENCE_NUMBER = /"sequence_number":(\d+)/;

/**
 * Renders hub events as Responses stream events, in OpenAI's order and with a `sequence_number`
 * from 0 on every event: `response.created` and `response.in_progress` when the answer starts; for
 * each block an output item (`output_item.added` ... `output_item.done`) holding its text
 * (`content_part.*`, `output_text.*`), reasoning (`reasoning_summary_part.*`,
 * `reasoning_summary_text.*`, the provider's signature sealed in `encrypted_content`) or function
 * call (`function_call_arguments.*`), or a tool the gateway ran itself (an `mcp_call` item:
 * `mcp_call.in_progress`, `mcp_call_arguments.*`, `mcp_call.completed` or `.failed`, as OpenAI
 * reports the MCP calls it runs); consecutive text blocks share one message item; then
 * `response.completed` (or `.incomplete` when the answer was cut) with the whole response and its
 * usage. `fail` gives the `error` and `response.failed` events a stream that breaks ends with.
 * Relayed events (same-dialect passthrough) are written as they came. The same state machine
 * builds the non-streaming answer: `result()` is the final response.
 */
export function createResponsesStreamEncoder(identity: ResponseIdentity, body: ResponsesRequestBody) {
  let sequence = 0;
  const response = responseSkeleton(identity, body);
  const output: OutputItem[] = [];
  let started = false;
  let usage: HubUsage | undefined;
  let message: { item: MessageItem; index: number; open: boolean } | undefined;
  let reasoning: { item: ReasoningItem; index: number; text: string; summary: boolean } | undefined;
  let call: { item: FunctionCallItem; index: number } | undefined;
  let serverTool: { item: McpCallItem; index: number } | undefined;
  let final: ResponseObject | undefined;
  let finishFrames: string[] | undefined;
  let relayedStart: string | undefined;
  let relayedSequence = -1;

  const event = (type: string, payload: Payload): string => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...payload })}\n\n`;
  // Items are kept live in `output` and serialised when an event is written, so each event shows them as they were then.
  const snapshot = (): ResponseObject => ({ ...response, output: structuredClone(output) });
  const add = (item: OutputItem): { index: number; frame: string } => {
    output.push(item);
    return { index: output.length - 1, frame: event('response.output_item.added', { output_index: output.length - 1, item }) };
  };
  const done = (index: number): string => event('response.output_item.done', { output_index: index, item: output[index] });

  const start = (): string[] => {
    if (started) return [];
    started = true;
    return [event('response.created', { response: snapshot() }), event('response.in_progress', { response: snapshot() })];
  };

  /** Closes the message item whose last part has ended, once it is clear no more text joins it. */
  const closeMessage = (status: ItemStatus = 'completed'): string[] => {
    if (!message) return [];
    const { item, index } = message;
    message = undefined;
    item.status = status;
    return [done(index)];
  };

  const textStart = (): string[] => {
    const frames = start();
    if (!message) {
      const item: MessageItem = { id: newId('msg'), type: 'message', role: 'assistant', status: 'in_progress', content: [] };
      const added = add(item);
      frames.push(added.frame);
      message = { item, index: added.index, open: true };
    }
    message.item.content.push({ type: 'output_text', text: '', annotations: [], logprobs: [] });
    message.open = true;
    frames.push(event('response.content_part.added', { ...textScope(), part: { type: 'output_text', text: '', annotations: [] } }));
    return frames;
  };
  const textScope = () => {
    const current = message as NonNullable<typeof message>;
    return { item_id: current.item.id, output_index: current.index, content_index: current.item.content.length - 1 };
  };
  const textDelta = (text: string): string[] => {
    if (!message?.open) return [];
    message.item.content[message.item.content.length - 1].text += text;
    return [event('response.output_text.delta', { ...textScope(), delta: text, logprobs: [] })];
  };
  const textEnd = (): string[] => {
    if (!message?.open) return [];
    message.open = false;
    const part = message.item.content[message.item.content.length - 1];
    return [
      event('response.output_text.done', { ...textScope(), text: part.text, logprobs: [] }),
      event('response.content_part.done', { ...textScope(), part: { type: 'output_text', text: part.text, annotations: [] } }),
    ];
  };

  const reasoningStart = (redactedData: string | undefined): string[] => {
    const frames = [...start(), ...closeMessage()];
    const sealed = sealReasoning({ redactedData });
    const item: ReasoningItem = { id: newId('rs'), type: 'reasoning', summary: [], ...(sealed ? { encrypted_content: sealed } : {}) };
    const added = add(item);
    reasoning = { item, index: added.index, text: '', summary: false };
    return [...frames, added.frame];
  };
  const reasoningDelta = (text: string): string[] => {
    if (!reasoning) return [];
    const scope = { item_id: reasoning.item.id, output_index: reasoning.index, summary_index: 0 };
    const frames: string[] = [];
    if (!reasoning.summary) {
      reasoning.summary = true;
      frames.push(event('response.reasoning_summary_part.added', { ...scope, part: { type: 'summary_text', text: '' } }));
    }
    reasoning.text += text;
    frames.push(event('response.reasoning_summary_text.delta', { ...scope, delta: text }));
    return frames;
  };
  const reasoningEnd = (signature: string | undefined): string[] => {
    if (!reasoning) return [];
    const { item, index, text, summary } = reasoning;
    reasoning = undefined;
    const scope = { item_id: item.id, output_index: index, summary_index: 0 };
    const frames = summary
      ? [
          event('response.reasoning_summary_text.done', { ...scope, text }),
          event('response.reasoning_summary_part.done', { ...scope, part: { type: 'summary_text', text } }),
        ]
      : [];
    if (summary) item.summary = [{ type: 'summary_text', text }];
    const sealed = item.encrypted_content ?? sealReasoning({ signature });
    if (sealed) item.encrypted_content = sealed;
    return [...frames, done(index)];
  };

  const toolStart = (id: string, name: string): string[] => {
    const frames = [...start(), ...closeMessage()];
    const item: FunctionCallItem = { id: newId('fc'), type: 'function_call', status: 'in_progress', call_id: id, name, arguments: '' };
    const added = add(item);
    call = { item, index: added.index };
    return [...frames, added.frame];
  };
  const toolDelta = (text: string): string[] => {
    if (!call) return [];
    call.item.arguments += text;
    return [event('response.function_call_arguments.delta', { item_id: call.item.id, output_index: call.index, delta: text })];
  };
  const toolEnd = (): string[] => {
    if (!call) return [];
    const { item, index } = call;
    call = undefined;
    item.status = 'completed';
    return [event('response.function_call_arguments.done', { item_id: item.id, output_index: index, name: item.name, arguments: item.arguments }), done(index)];
  };

  const serverToolStart = (id: string, name: string, server: string, args: string): string[] => {
    const frames = [...start(), ...closeMessage()];
    const item: McpCallItem = {
      id: newId('mcp'),
      type: 'mcp_call',
      status: 'in_progress',
      server_label: server,
      name,
      arguments: '',
      output: null,
      error: null,
    };
    const added = add(item);
    serverTool = { item, index: added.index };
    const scope = { item_id: item.id, output_index: added.index };
    item.arguments = args;
    return [
      ...frames,
      added.frame,
      event('response.mcp_call.in_progress', scope),
      event('response.mcp_call_arguments.delta', { ...scope, delta: args }),
      event('response.mcp_call_arguments.done', { ...scope, arguments: args }),
    ];
  };
  const serverToolEnd = (output: string, isError: boolean): string[] => {
    if (!serverTool) return [];
    const { item, index } = serverTool;
    serverTool = undefined;
    item.status = isError ? 'failed' : 'completed';
    if (isError) item.error = { type: 'mcp_tool_execution_error', content: [{ type: 'text', text: output }] };
    else item.output = output;
    return [event(isError ? 'response.mcp_call.failed' : 'response.mcp_call.completed', { item_id: item.id, output_index: index }), done(index)];
  };

  /** The last events; worked out once (the answer may be finalised, and stored, before its last events are written). */
  const finish = (end: HubFinish): string[] => {
    if (finishFrames) return finishFrames;
    const { status, incompleteDetails } = toResponseStatus(end);
    const frames = [...start(), ...closeMessage(status === 'incomplete' ? 'incomplete' : 'completed')];
    final = { ...snapshot(), status, incomplete_details: incompleteDetails, usage: toResponseUsage(usage) };
    frames.push(event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: final }));
    finishFrames = frames;
    return frames;
  };

  const relay = (data: string, name: string | undefined): string[] => {
    const found = SEQUENCE_NUMBER.exec(data);
    if (found) relayedSequence = Number(found[1]);
    if (name === 'response.created' || name === 'response.in_progress') relayedStart = data;
    return [`${name ? `event: ${name}\n` : ''}data: ${data}\n\n`];
  };

  const encodeOne = (hub: HubEvent): string[] => {
    switch (hub.type) {
      case 'frame':
        return relay(typeof hub.data === 'string' ? hub.data : JSON.stringify(hub.data), hub.event);
      case 'response-start':
        if (hub.relayed) return [];
        if (hub.model) response.model = hub.model;
        return start();
      case 'text-start':
        return textStart();
      case 'text-delta':
        return textDelta(hub.text);
      case 'text-end':
        return textEnd();
      case 'reasoning-start':
        return reasoningStart(hub.redactedData);
      case 'reasoning-delta':
        return reasoningDelta(hub.text);
      case 'reasoning-end':
        return reasoningEnd(hub.signature);
      case 'tool-call-start':
        return toolStart(hub.id, hub.name);
      case 'tool-call-delta':
        return toolDelta(hub.arguments);
      case 'tool-call-end':
        return toolEnd();
      case 'server-tool-start':
        return serverToolStart(hub.id, hub.name, hub.server, hub.arguments);
      case 'server-tool-end':
        return serverToolEnd(hub.output, hub.isError);
      case 'usage':
        usage = hub.usage;
        return [];
      case 'finish':
        return hub.relayed ? [] : finish(hub.finish);
    }
  };
  const inOrder = createBlockOrder();

  return {
    /** One hub event in, the frames it becomes out (output items one after the other). */
    encode(hub: HubEvent): string[] {
      return inOrder(hub).flatMap(encodeOne);
    },

    /** The last events of a stream that broke after it started: `error`, then `response.failed` with the output so far. */
    fail(error: GatewayError): string {
      if (relayedSequence >= 0) sequence = relayedSequence + 1;
      const base = relayedStart ? ((JSON.parse(relayedStart) as { response?: ResponseObject }).response ?? snapshot()) : snapshot();
      const code = error.code ?? error.type;
      const failed = {
        ...base,
        status: 'failed',
        error: { code, message: error.message },
        ...(relayedStart ? {} : { usage: usage ? toResponseUsage(usage) : null }),
      };
      const detail = { type: error.type, code, message: error.message, param: error.param };
      return event('error', { code, message: error.message, param: error.param, error: detail }) + event('response.failed', { response: failed });
    },

    /** Finishes the answer ahead of encoding its `finish` event (which then writes the events worked out here): the complete response. */
    finalize(end: HubFinish): ResponseObject {
      finish(end);
      return final as ResponseObject;
    },

    /** The complete response, once the answer has finished (a relayed answer has none). */
    result(): ResponseObject | undefined {
      return final;
    },
  };
}

export type ResponsesStreamEncoder = ReturnType<typeof createResponsesStreamEncoder>;
