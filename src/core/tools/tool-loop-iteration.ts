import type { HubEvent } from '../../hub/hub-event.js';
import type { HubFinish } from '../../hub/hub-finish-reason.js';
import { HubResponseBuilder } from '../../hub/hub-response.js';
import type { HubToolCallPart } from '../../hub/hub-request.js';
import { addUsage, type HubUsage } from '../../hub/hub-usage.js';

/** What the model calls of a tool loop share, so that together they read as one answer. */
export interface LoopAnswer {
  /** The next block index of the answer (block indexes are unique across its calls). */
  nextIndex: number;
  /** The usage of the calls that have ended. */
  usage?: HubUsage;
  /** The answer has started (its `response-start` was passed on). */
  started: boolean;
}

/**
 * One model call of a tool loop, as the client sees it: its blocks renumbered to follow the
 * previous calls', its usage added to theirs, its own `response-start` dropped after the first
 * call's, its `finish` held (the loop decides how the answer ends), and its calls to the gateway's
 * tools left out (the loop shows them as it runs them). Everything it said is kept, for the
 * assistant turn the next call is given.
 */
export class ToolLoopIteration {
  private readonly answer = new HubResponseBuilder();
  private readonly indexes = new Map<number, number>();
  private readonly hidden = new Set<number>();
  private usage: HubUsage | undefined;
  finish: HubFinish | undefined;

  constructor(
    private readonly shared: LoopAnswer,
    private readonly ownedByGateway: (toolName: string) => boolean,
  ) {}

  /** One event of the model call in, what the client is sent of it out. */
  take(event: HubEvent): HubEvent[] {
    this.answer.add(event);
    switch (event.type) {
      case 'response-start':
        if (this.shared.started) return [];
        this.shared.started = true;
        return [event];
      case 'usage':
        this.usage = event.usage;
        return [{ type: 'usage', usage: addUsage(this.shared.usage, event.usage) }];
      case 'finish':
        this.finish = event.finish;
        return [];
      case 'frame':
        return [event];
      case 'tool-call-start':
        if (this.ownedByGateway(event.name)) {
          this.hidden.add(event.index);
          return [];
        }
        return [{ ...event, index: this.index(event.index) }];
      default:
        return this.hidden.has(event.index) ? [] : [{ ...event, index: this.index(event.index) }];
    }
  }

  /** Closes the call: its usage joins the answer's; what it said, for the next call. */
  end(): { parts: ReturnType<HubResponseBuilder['result']>['parts']; toolCalls: HubToolCallPart[] } {
    if (this.usage) this.shared.usage = addUsage(this.shared.usage, this.usage);
    const parts = this.answer.result().parts;
    return { parts, toolCalls: parts.filter((part): part is HubToolCallPart => part.type === 'tool-call') };
  }

  private index(providerIndex: number): number {
    let index = this.indexes.get(providerIndex);
    if (index === undefined) {
      index = this.shared.nextIndex++;
      this.indexes.set(providerIndex, index);
    }
    return index;
  }
}
