import type { HubEvent, HubFrameEvent } from './hub-event.js';
import type { HubFinish } from './hub-finish-reason.js';
import type { HubReasoningPart, HubTextPart, HubToolCallPart } from './hub-request.js';
import type { HubUsage } from './hub-usage.js';

/** A tool the gateway ran itself during the answer (an MCP server's), with what it gave back. */
export interface HubServerToolPart {
  type: 'server-tool';
  id: string;
  name: string;
  server: string;
  arguments: string;
  output?: string;
  isError?: boolean;
}

export type HubOutputPart = HubTextPart | HubReasoningPart | HubToolCallPart | HubServerToolPart;

/** A whole answer, assembled from its events. */
export interface HubResponse {
  id?: string;
  model?: string;
  created?: number;
  /** Blocks in the order they started. */
  parts: HubOutputPart[];
  finish?: HubFinish;
  usage?: HubUsage;
  /** Set when the answer was relayed in the client's dialect: the body to send as it is. */
  frame?: HubFrameEvent;
}

/** Builds a `HubResponse` from the events of one answer, in order. */
export class HubResponseBuilder {
  private readonly response: HubResponse = { parts: [] };
  private readonly open = new Map<number, HubOutputPart>();

  add(event: HubEvent): void {
    const response = this.response;
    switch (event.type) {
      case 'response-start':
        response.id ??= event.id;
        response.model ??= event.model;
        response.created ??= event.created;
        return;
      case 'text-start': {
        this.start(event.index, { type: 'text', text: '' });
        return;
      }
      case 'reasoning-start': {
        this.start(event.index, { type: 'reasoning', text: '', ...(event.redactedData !== undefined ? { redactedData: event.redactedData } : {}) });
        return;
      }
      case 'tool-call-start': {
        this.start(event.index, { type: 'tool-call', id: event.id, name: event.name, arguments: '' });
        return;
      }
      case 'server-tool-start': {
        this.start(event.index, { type: 'server-tool', id: event.id, name: event.name, server: event.server, arguments: event.arguments });
        return;
      }
      case 'server-tool-end': {
        const part = this.open.get(event.index);
        if (part?.type === 'server-tool') Object.assign(part, { output: event.output, isError: event.isError });
        this.open.delete(event.index);
        return;
      }
      case 'text-delta':
      case 'reasoning-delta': {
        const part = this.open.get(event.index);
        if (part?.type === 'text' || part?.type === 'reasoning') part.text += event.text;
        return;
      }
      case 'tool-call-delta': {
        const part = this.open.get(event.index);
        if (part?.type === 'tool-call') part.arguments += event.arguments;
        return;
      }
      case 'reasoning-end': {
        const part = this.open.get(event.index);
        if (part?.type === 'reasoning' && event.signature !== undefined) part.signature = event.signature;
        this.open.delete(event.index);
        return;
      }
      case 'text-end':
      case 'tool-call-end':
        this.open.delete(event.index);
        return;
      case 'usage':
        response.usage = event.usage;
        return;
      case 'finish':
        response.finish ??= event.finish;
        return;
      case 'frame':
        response.frame = event;
        return;
    }
  }

  result(): HubResponse {
    return this.response;
  }

  private start(index: number, part: HubOutputPart): void {
    this.open.set(index, part);
    this.response.parts.push(part);
  }
}
