import type { HubEvent } from './hub-event.js';

const BLOCK_ENDS = new Set<HubEvent['type']>(['text-end', 'reasoning-end', 'tool-call-end', 'server-tool-end']);

const blockOf = (event: HubEvent): number | undefined => ('index' in event ? event.index : undefined);

/**
 * Puts the blocks of an answer one after the other, for dialects whose blocks cannot overlap
 * (Anthropic's `content_block_*`, Responses output items): the events of the block that opened
 * first pass at once; those of a block that opened while another was still open wait, in order,
 * until the blocks before it end. Events outside blocks keep their place in that order. Only
 * parallel tool calls whose arguments a provider interleaves are held back; a provider that
 * sends its blocks one after the other passes through unchanged.
 */
export function createBlockOrder(): (event: HubEvent) => HubEvent[] {
  let current: number | undefined;
  let waiting: HubEvent[] = [];

  const take = (event: HubEvent, out: HubEvent[]): void => {
    const block = blockOf(event);
    if (block === undefined ? waiting.length > 0 : current !== undefined && block !== current) {
      waiting.push(event);
      return;
    }
    out.push(event);
    if (block === undefined) return;
    if (!BLOCK_ENDS.has(event.type)) {
      current = block;
      return;
    }
    current = undefined;
    const held = waiting;
    waiting = [];
    for (const next of held) take(next, out);
  };

  return (event) => {
    const out: HubEvent[] = [];
    take(event, out);
    return out;
  };
}
