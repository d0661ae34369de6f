import type { HubFinish } from './hub-finish-reason.js';
import type { HubUsage } from './hub-usage.js';

/**
 * One event of a model's answer, streamed or not (a non-streaming answer is the same events, all
 * at once). Content comes in blocks, each opened, filled and closed, with an `index` unique within
 * the answer: the grammar of Anthropic's `content_block_*` events, which maps block for block onto
 * OpenAI chunks and Responses output items. One text or reasoning block is open at a time; tool
 * calls may overlap (some providers stream parallel calls' arguments interleaved), so encoders
 * follow each block by its index. `usage` may come several times (each replaces the
 * last); `finish` comes last. A failure is the Observable's error, a `GatewayError`. Between the
 * model calls of a tool loop, the tools the gateway runs itself are blocks of their own
 * (`server-tool-start` ... `server-tool-end`): shown to the client, never for it to run.
 */
export type HubEvent =
  | HubResponseStartEvent
  | { type: 'text-start'; index: number }
  | { type: 'text-delta'; index: number; text: string }
  | { type: 'text-end'; index: number }
  | { type: 'reasoning-start'; index: number; redactedData?: string }
  | { type: 'reasoning-delta'; index: number; text: string }
  | { type: 'reasoning-end'; index: number; signature?: string }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; arguments: string }
  | { type: 'tool-call-end'; index: number }
  | HubServerToolStartEvent
  | HubServerToolEndEvent
  | { type: 'usage'; usage: HubUsage }
  | HubFinishEvent
  | HubFrameEvent;

/** The gateway runs a tool of its own (an MCP server's) that the model called. */
export interface HubServerToolStartEvent {
  type: 'server-tool-start';
  index: number;
  /** The model's id for the call. */
  id: string;
  /** The tool's own name at its server. */
  name: string;
  /** The server that runs it. */
  server: string;
  /** The arguments as JSON text, as the model produced them. */
  arguments: string;
}

/** What the tool the gateway ran gave back (the text the model was given), and whether it failed. */
export interface HubServerToolEndEvent {
  type: 'server-tool-end';
  index: number;
  output: string;
  isError: boolean;
}

export interface HubResponseStartEvent {
  type: 'response-start';
  /** The provider's id for the answer. */
  id?: string;
  /** The model that answered, as the provider names it. */
  model?: string;
  /** Unix seconds, when the provider says. */
  created?: number;
  /** Already in relayed frames: for accounting only, not to be rendered again. */
  relayed?: boolean;
}

export interface HubFinishEvent {
  type: 'finish';
  finish: HubFinish;
  /** The choice it ends, for answers with several. */
  choice?: number;
  /** Already in relayed frames: for accounting only, not to be rendered again. */
  relayed?: boolean;
}

/**
 * Part of the answer already in the client's own dialect (same-dialect passthrough): written as it
 * is. `data` is serialised JSON, or an object still to be serialised. An answer relayed this way
 * also carries `usage`, and `response-start` and `finish` marked `relayed`, for accounting.
 */
export interface HubFrameEvent {
  type: 'frame';
  data: string | object;
  /** The SSE event name, for dialects that name their events. */
  event?: string;
}

export type HubContentEvent = Exclude<HubEvent, HubResponseStartEvent | HubFinishEvent | HubFrameEvent | { type: 'usage' }>;
