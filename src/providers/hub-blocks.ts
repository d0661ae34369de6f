import type { HubEvent } from '../hub/hub-event.js';

type BlockKind = 'text' | 'reasoning' | 'tool-call';

interface OpenBlock {
  key: string;
  kind: BlockKind;
  index: number;
  signature?: string;
  /** Tool calls: whether any arguments were sent. */
  hasArguments: boolean;
}

/**
 * Turns a provider's content (text, reasoning and tool-call pieces, named by the provider's own
 * block keys) into hub blocks: numbered 0, 1, ... in the order they open, one open at a time
 * (opening one closes the last), each closed exactly once. A tool call that got no arguments is
 * closed with `{}`, so every call's arguments are JSON.
 */
export class HubBlockSequencer {
  private open: OpenBlock | undefined;
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
    const out = this.close();
    const index = this.nextIndex++;
    out.push({ type: 'reasoning-start', index, redactedData: data }, { type: 'reasoning-end', index });
    return out;
  }

  /** The signature of the open reasoning block `key`, sent when it closes. */
  signature(key: string, signature: string): void {
    if (this.open?.key === key && this.open.kind === 'reasoning') this.open.signature = (this.open.signature ?? '') + signature;
  }

  /** Opens the tool-call block `key`. */
  toolCall(key: string, id: string, name: string): HubEvent[] {
    const out = this.close();
    const index = this.nextIndex++;
    this.open = { key, kind: 'tool-call', index, hasArguments: false };
    out.push({ type: 'tool-call-start', index, id, name });
    return out;
  }

  /** Argument text for the tool-call block `key`; ignored unless that block is open. */
  toolArguments(key: string, text: string): HubEvent[] {
    const open = this.open;
    if (!text || open?.key !== key || open.kind !== 'tool-call') return [];
    open.hasArguments = true;
    return [{ type: 'tool-call-delta', index: open.index, arguments: text }];
  }

  /** Closes the block `key` if it is the open one. */
  end(key: string): HubEvent[] {
    return this.open?.key === key ? this.close() : [];
  }

  /** Closes whatever block is open. */
  close(): HubEvent[] {
    const open = this.open;
    if (!open) return [];
    this.open = undefined;
    switch (open.kind) {
      case 'text':
        return [{ type: 'text-end', index: open.index }];
      case 'reasoning':
        return [{ type: 'reasoning-end', index: open.index, ...(open.signature !== undefined ? { signature: open.signature } : {}) }];
      case 'tool-call':
        return [
          ...(open.hasArguments ? [] : [{ type: 'tool-call-delta' as const, index: open.index, arguments: '{}' }]),
          { type: 'tool-call-end', index: open.index },
        ];
    }
  }

  /** The open block `key` of this kind, opened (and the last one closed) if needed: the events that took, and its index. */
  private ensure(key: string, kind: 'text' | 'reasoning'): { events: HubEvent[]; index: number } {
    if (this.open?.key === key && this.open.kind === kind) return { events: [], index: this.open.index };
    const events = this.close();
    const index = this.nextIndex++;
    this.open = { key, kind, index, hasArguments: false };
    events.push(kind === 'text' ? { type: 'text-start', index } : { type: 'reasoning-start', index });
    return { events, index };
  }
}
