import type { HubEvent } from '../hub/hub-event.js';

interface OpenBlock {
  key: string;
  index: number;
}

interface OpenContent extends OpenBlock {
  kind: 'text' | 'reasoning';
  signature?: string;
}

interface OpenToolCall extends OpenBlock {
  /** Whether any arguments were sent. */
  hasArguments: boolean;
}

/**
 * Turns a provider's content (text, reasoning and tool-call pieces, named by the provider's own
 * block keys) into hub blocks, numbered 0, 1, ... in the order they open, each closed exactly
 * once. One text or reasoning block is open at a time (opening one closes the last); tool calls
 * stay open until their provider closes them or the answer ends, so the arguments of parallel
 * calls that a provider streams interleaved all reach their call. A tool call that got no
 * arguments is closed with `{}`, so every call's arguments are JSON.
 */
export class HubBlockSequencer {
  private content: OpenContent | undefined;
  private readonly toolCalls = new Map<string, OpenToolCall>();
  private nextIndex = 0;

  /** Text for the block `key`, opening it if it is not the open one. */
  text(key: string, text: string): HubEvent[] {
    const { events, index } = this.ensure(key, 'text');
    if (text) events.push({ type: 'text-delta', index, text });
    return events;
  }

  /** Reasoning text for the block `key`, opening it if it is not the open one. */
  reasoning(key: string, text: string): HubEvent[] {
    const { events, index } = this.ensure(key, 'reasoning');
    if (text) events.push({ type: 'reasoning-delta', index, text });
    return events;
  }

  /** A reasoning block the provider encrypted: opened and closed at once. */
  redactedReasoning(data: string): HubEvent[] {
    const events = this.closeContent();
    const index = this.nextIndex++;
    events.push({ type: 'reasoning-start', index, redactedData: data }, { type: 'reasoning-end', index });
    return events;
  }

  /** The signature of the open reasoning block `key`, sent when it closes. */
  signature(key: string, signature: string): void {
    if (this.content?.key === key && this.content.kind === 'reasoning') this.content.signature = (this.content.signature ?? '') + signature;
  }

  /** Opens the tool-call block `key` (closing the open text or reasoning block). */
  toolCall(key: string, id: string, name: string): HubEvent[] {
    const events = [...this.closeContent(), ...this.endToolCall(key)];
    const index = this.nextIndex++;
    this.toolCalls.set(key, { key, index, hasArguments: false });
    events.push({ type: 'tool-call-start', index, id, name });
    return events;
  }

  /** Argument text for the tool-call block `key`; ignored unless that call is open. */
  toolArguments(key: string, text: string): HubEvent[] {
    const call = this.toolCalls.get(key);
    if (!text || !call) return [];
    call.hasArguments = true;
    return [{ type: 'tool-call-delta', index: call.index, arguments: text }];
  }

  /** Closes the block `key`, whatever its kind. */
  end(key: string): HubEvent[] {
    return this.content?.key === key ? this.closeContent() : this.endToolCall(key);
  }

  /** Closes every open block: the answer is complete. */
  close(): HubEvent[] {
    return [...this.closeContent(), ...[...this.toolCalls.keys()].flatMap((key) => this.endToolCall(key))];
  }

  private closeContent(): HubEvent[] {
    const open = this.content;
    if (!open) return [];
    this.content = undefined;
    if (open.kind === 'text') return [{ type: 'text-end', index: open.index }];
    return [{ type: 'reasoning-end', index: open.index, ...(open.signature !== undefined ? { signature: open.signature } : {}) }];
  }

  private endToolCall(key: string): HubEvent[] {
    const call = this.toolCalls.get(key);
    if (!call) return [];
    this.toolCalls.delete(key);
    return [
      ...(call.hasArguments ? [] : [{ type: 'tool-call-delta' as const, index: call.index, arguments: '{}' }]),
      { type: 'tool-call-end', index: call.index },
    ];
  }

  /** The open block `key` of this kind, opened (and the open text or reasoning block closed) if needed. */
  private ensure(key: string, kind: 'text' | 'reasoning'): { events: HubEvent[]; index: number } {
    if (this.content?.key === key && this.content.kind === kind) return { events: [], index: this.content.index };
    const events = this.closeContent();
    const index = this.nextIndex++;
    this.content = { key, kind, index };
    events.push(kind === 'text' ? { type: 'text-start', index } : { type: 'reasoning-start', index });
    return { events, index };
  }
}
