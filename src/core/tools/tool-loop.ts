import { Observable, type Subscriber, type Subscription } from 'rxjs';
import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { HubEvent } from '../../hub/hub-event.js';
import type { HubFinish } from '../../hub/hub-finish-reason.js';
import { fieldPath, type HubMessage, type HubRequest, type HubToolCallPart } from '../../hub/hub-request.js';
import type { HubOutputPart } from '../../hub/hub-response.js';
import type { InferenceRequest } from '../inference-request.js';
import type { ServerToolResult, ServerToolset } from './server-tools.js';
import { ToolLoopIteration, type LoopAnswer } from './tool-loop-iteration.js';

export interface ToolLoopOptions {
  request: InferenceRequest;
  /** The gateway's tools for this request, given the names of the client's own. */
  open(clientTools: readonly string[]): ServerToolset;
  /** One model call (routed, through the call hooks, bounded), numbered from 1. */
  call(request: InferenceRequest, iteration: number): Observable<HubEvent>;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/** The finish of an answer cut short by the limit on model calls: the client may send it back to go on. */
const ITERATION_LIMIT: HubFinish = { reason: 'pause', raw: 'max_iterations' };

/**
 * Serves a request with the gateway's own tools added to the client's: calls the model; when it
 * calls the gateway's tools, runs them (all of one turn at once), shows each call and its result,
 * and calls the model again with the turn and the results appended; when it calls the client's
 * tools, the answer goes back to the client (a turn that calls both runs the gateway's first);
 * when it answers, that is the end. Every model call goes through routing and the call hooks like
 * any call. The client sees one answer: one start, the text of every call as it streams, one
 * finish, and the usage of all calls added up. All state is the request's own.
 */
export function runToolLoop(options: ToolLoopOptions): Observable<HubEvent> {
  return new Observable<HubEvent>((subscriber) => {
    const abort = new AbortController();
    const onClientGone = () => abort.abort();
    options.signal.addEventListener('abort', onClientGone, { once: true });
    const loop = new ToolLoop(options, subscriber, abort.signal);
    loop.start();
    return () => {
      options.signal.removeEventListener('abort', onClientGone);
      abort.abort();
      loop.stop();
    };
  });
}

class ToolLoop {
  private readonly answer: LoopAnswer = { nextIndex: 0, started: false };
  private toolset!: ServerToolset;
  private hub!: HubRequest;
  private current: Subscription | undefined;
  private stopped = false;
  /** Each call the gateway runs is shown when it starts and when its result is in, one after the other. */
  private shown: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: ToolLoopOptions,
    private readonly client: Subscriber<HubEvent>,
    private readonly signal: AbortSignal,
  ) {}

  start(): void {
    try {
      const base = this.options.request.hub();
      if ((base.choices ?? 1) > 1) {
        throw new InvalidRequestError("Several choices cannot be combined with the gateway's MCP tools; ask for one, or send X-MCP-Bypass: true.", {
          param: fieldPath(base, 'choices', 'n'),
          code: 'unsupported_parameter',
        });
      }
      const clientTools = base.tools ?? [];
      this.toolset = this.options.open(clientTools.map((tool) => tool.name));
      this.hub = { ...base, messages: [...base.messages], tools: [...clientTools, ...this.toolset.tools] };
    } catch (error) {
      this.client.error(error);
      return;
    }
    this.iterate(1);
  }

  stop(): void {
    this.stopped = true;
    this.current?.unsubscribe();
  }

  private iterate(iteration: number): void {
    const iterationHub = { ...this.hub, messages: [...this.hub.messages] };
    const request: InferenceRequest = { ...this.options.request, hub: () => iterationHub };
    const events = new ToolLoopIteration(this.answer, (name) => this.toolset.owns(name));
    this.current = this.options.call(request, iteration).subscribe({
      next: (event) => {
        for (const out of events.take(event)) this.client.next(out);
      },
      error: (error: unknown) => this.client.error(error),
      complete: () => {
        this.afterCall(iteration, events).catch((error: unknown) => this.client.error(error));
      },
    });
  }

  /** Ends the answer, or runs the gateway's tools the model called and calls it again. */
  private async afterCall(iteration: number, events: ToolLoopIteration): Promise<void> {
    const { parts, toolCalls } = events.end();
    const serverCalls = toolCalls.filter((call) => this.toolset.owns(call.name));
    const clientCalls = toolCalls.filter((call) => !this.toolset.owns(call.name));
    if (serverCalls.length === 0) {
      this.finish(events.finish);
      return;
    }
    if (iteration >= this.toolset.maxIterations) {
      const reason = `Not run: this request reached the gateway's limit of ${this.toolset.maxIterations} model calls (MCP_MAX_ITERATIONS).`;
      for (const call of serverCalls) this.show(call, Promise.resolve({ content: [{ type: 'text', text: reason }], isError: true }));
      await this.shown;
      this.finish(clientCalls.length > 0 ? events.finish : ITERATION_LIMIT);
      return;
    }
    const results = serverCalls.map((call) => this.toolset.run(call, this.signal));
    serverCalls.forEach((call, index) => this.show(call, results[index]));
    await this.shown;
    if (this.stopped) return;
    if (clientCalls.length > 0) {
      this.finish(events.finish);
      return;
    }
    this.hub.messages.push(assistantTurn(parts));
    // One tool message for the turn: providers that take images only in a user message put them after all the results.
    const settled = await Promise.all(results);
    this.hub.messages.push({
      role: 'tool',
      parts: serverCalls.map((call, index) => ({ type: 'tool-result', callId: call.id, content: settled[index].content, isError: settled[index].isError })),
    });
    // A choice that forces a tool would have the model call it again and again.
    if (this.hub.toolChoice?.type === 'required' || this.hub.toolChoice?.type === 'tool') this.hub.toolChoice = { type: 'auto' };
    this.iterate(iteration + 1);
  }

  private show(call: HubToolCallPart, result: Promise<ServerToolResult>): void {
    const index = this.answer.nextIndex++;
    const { name, server, arguments: args } = this.toolset.describe(call);
    this.shown = this.shown.then(async () => {
      if (this.stopped) return;
      this.client.next({ type: 'server-tool-start', index, id: call.id, name, server, arguments: args });
      const { content, isError } = await result;
      if (this.stopped) return;
      const output = content.map((part) => (part.type === 'text' ? part.text : '[image]')).join('\n');
      this.client.next({ type: 'server-tool-end', index, output, isError });
    });
  }

  private finish(finish: HubFinish | undefined): void {
    if (this.stopped) return;
    if (finish) this.client.next({ type: 'finish', finish });
    this.client.complete();
  }
}

/** The model's turn as the next call is given it: what it said, and its calls with arguments every provider accepts. */
function assistantTurn(parts: readonly HubOutputPart[]): HubMessage {
  const turn: HubMessage = { role: 'assistant', parts: [] };
  for (const part of parts) {
    if (part.type === 'tool-call') turn.parts.push({ ...part, arguments: jsonObjectText(part.arguments) });
    else if (part.type !== 'server-tool' && !(part.type === 'text' && part.text === '')) turn.parts.push(part);
  }
  return turn;
}

/** Arguments that are not a JSON object are sent back as `{}` (the tool was told what was wrong with them). */
function jsonObjectText(text: string): string {
  try {
    const value: unknown = JSON.parse(text || '{}');
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? text || '{}' : '{}';
  } catch {
    return '{}';
  }
}
