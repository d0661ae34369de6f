import { firstValueFrom, Observable, of, Subject, throwError, toArray } from 'rxjs';
import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { HubEvent } from '../../hub/hub-event.js';
import type { HubRequest, HubToolCallPart } from '../../hub/hub-request.js';
import type { InferenceRequest } from '../inference-request.js';
import type { ServerToolResult, ServerToolset } from './server-tools.js';
import { runToolLoop } from './tool-loop.js';

const USAGE = { inputTokens: 10, outputTokens: 5 };

function request(hub: Partial<HubRequest> = {}): InferenceRequest {
  const decoded: HubRequest = {
    messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }],
    stream: true,
    providerOptions: {},
    tools: [{ name: 'client_tool' }],
    ...hub,
  };
  return { dialect: 'openai-chat', model: 'openai/m', stream: true, body: {}, hub: () => decoded, sampling: () => ({}) };
}

/** A model call that calls tools: a text block, then one tool-call block per name. */
function callsTools(...names: string[]): HubEvent[] {
  return [
    { type: 'response-start', id: 'r1', model: 'm' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Let me look.' },
    { type: 'text-end', index: 0 },
    ...names.flatMap((name, position): HubEvent[] => [
      { type: 'tool-call-start', index: position + 1, id: `call_${position}`, name },
      { type: 'tool-call-delta', index: position + 1, arguments: '{"q":1}' },
      { type: 'tool-call-end', index: position + 1 },
    ]),
    { type: 'usage', usage: USAGE },
    { type: 'finish', finish: { reason: 'tool-calls' } },
  ];
}

function answers(text: string): HubEvent[] {
  return [
    { type: 'response-start', id: 'r2', model: 'm' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text },
    { type: 'text-end', index: 0 },
    { type: 'usage', usage: USAGE },
    { type: 'finish', finish: { reason: 'stop' } },
  ];
}

function toolset(run: (call: HubToolCallPart) => Promise<ServerToolResult> = async () => ({ content: [{ type: 'text', text: 'found' }], isError: false })) {
  const runs: string[] = [];
  const set: ServerToolset = {
    tools: [{ name: 'mcp_search' }],
    maxIterations: 3,
    owns: (name) => name.startsWith('mcp_'),
    describe: (call) => ({ name: call.name.slice(4), server: 'docs', arguments: call.arguments }),
    run: (call) => {
      runs.push(call.name);
      return run(call);
    },
  };
  return { set, runs };
}

function loop(script: Array<Observable<HubEvent>>, tools = toolset(), base = request()) {
  const sent: HubRequest[] = [];
  const events$ = runToolLoop({
    request: base,
    open: () => tools.set,
    signal: new AbortController().signal,
    call: (iterationRequest, iteration) => {
      sent.push(iterationRequest.hub());
      return script[iteration - 1];
    },
  });
  return { events$, sent, tools };
}

describe('the tool loop', () => {
  it("runs the gateway's tool and calls the model again; the client sees one answer", async () => {
    const { events$, sent, tools } = loop([of(...callsTools('mcp_search')), of(...answers('Found it.'))]);
    const events = await firstValueFrom(events$.pipe(toArray()));
    expect(tools.runs).toEqual(['mcp_search']);
    expect(events).toEqual([
      { type: 'response-start', id: 'r1', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Let me look.' },
      { type: 'text-end', index: 0 },
      { type: 'usage', usage: USAGE },
      { type: 'server-tool-start', index: 1, id: 'call_0', name: 'search', server: 'docs', arguments: '{"q":1}' },
      { type: 'server-tool-end', index: 1, output: 'found', isError: false },
      { type: 'text-start', index: 2 },
      { type: 'text-delta', index: 2, text: 'Found it.' },
      { type: 'text-end', index: 2 },
      { type: 'usage', usage: { inputTokens: 20, outputTokens: 10 } },
      { type: 'finish', finish: { reason: 'stop' } },
    ]);
    expect(sent[0].tools?.map((tool) => tool.name)).toEqual(['client_tool', 'mcp_search']);
    expect(sent[1].messages.slice(1)).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'text', text: 'Let me look.' },
          { type: 'tool-call', id: 'call_0', name: 'mcp_search', arguments: '{"q":1}' },
        ],
      },
      { role: 'tool', parts: [{ type: 'tool-result', callId: 'call_0', content: [{ type: 'text', text: 'found' }], isError: false }] },
    ]);
    // The first call's request is left as it was.
    expect(sent[0].messages).toHaveLength(1);
  });

  it("streams a call's text before the gateway's tools have answered", async () => {
    let finishTool: (result: ServerToolResult) => void = () => undefined;
    const tools = toolset(() => new Promise((resolve) => (finishTool = resolve)));
    const { events$ } = loop([of(...callsTools('mcp_search')), of(...answers('Done.'))], tools);
    const seen: HubEvent[] = [];
    const done = new Promise<void>((resolve) => events$.subscribe({ next: (event) => seen.push(event), complete: resolve }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.map((event) => event.type)).toEqual(['response-start', 'text-start', 'text-delta', 'text-end', 'usage', 'server-tool-start']);
    finishTool({ content: [{ type: 'text', text: 'late' }], isError: false });
    await done;
    expect(seen.at(-1)).toEqual({ type: 'finish', finish: { reason: 'stop' } });
  });

  it("returns the client's tool calls after running the gateway's of the same turn", async () => {
    const { events$, tools } = loop([of(...callsTools('mcp_search', 'client_tool'))]);
    const events = await firstValueFrom(events$.pipe(toArray()));
    expect(tools.runs).toEqual(['mcp_search']);
    expect(events.filter((event) => event.type === 'tool-call-start')).toEqual([{ type: 'tool-call-start', index: 1, id: 'call_1', name: 'client_tool' }]);
    expect(events.at(-1)).toEqual({ type: 'finish', finish: { reason: 'tool-calls' } });
  });

  it('stops at the limit on model calls, showing the calls it did not run, and ends as paused', async () => {
    const { events$, tools } = loop([of(...callsTools('mcp_search')), of(...callsTools('mcp_search')), of(...callsTools('mcp_search'))]);
    const events = await firstValueFrom(events$.pipe(toArray()));
    expect(tools.runs).toHaveLength(2);
    const ends = events.filter((event) => event.type === 'server-tool-end');
    expect(ends.at(-1)).toMatchObject({ isError: true, output: expect.stringContaining('limit of 3 model calls') });
    expect(events.at(-1)).toEqual({ type: 'finish', finish: { reason: 'pause', raw: 'max_iterations' } });
  });

  it('lets a forced tool choice go after the first turn, so the model can answer', async () => {
    const { events$, sent } = loop([of(...callsTools('mcp_search')), of(...answers('ok'))], toolset(), request({ toolChoice: { type: 'required' } }));
    await firstValueFrom(events$.pipe(toArray()));
    expect(sent.map((hub) => hub.toolChoice)).toEqual([{ type: 'required' }, { type: 'auto' }]);
  });

  it('fails the answer when a model call fails', async () => {
    const error = new UpstreamError(500, 'boom');
    const { events$ } = loop([of(...callsTools('mcp_search')), throwError(() => error)]);
    await expect(firstValueFrom(events$.pipe(toArray()))).rejects.toBe(error);
  });

  it('refuses several choices', async () => {
    const { events$ } = loop([of(...answers('x'))], toolset(), request({ choices: 2 }));
    await expect(firstValueFrom(events$)).rejects.toMatchObject({ status: 400, param: 'n' });
  });

  it('stops the model call, and the tools it runs, when the client goes away', async () => {
    const upstream = new Subject<HubEvent>();
    const first = loop([upstream.asObservable()]).events$.subscribe();
    expect(upstream.observed).toBe(true);
    first.unsubscribe();
    expect(upstream.observed).toBe(false);

    let signal: AbortSignal | undefined;
    const tools = toolset(() => new Promise(() => undefined));
    const run = tools.set.run.bind(tools.set);
    tools.set.run = (call, given) => {
      signal = given;
      return run(call, given);
    };
    const second = loop([of(...callsTools('mcp_search'))], tools).events$.subscribe();
    await new Promise((resolve) => setImmediate(resolve));
    expect(signal?.aborted).toBe(false);
    second.unsubscribe();
    expect(signal?.aborted).toBe(true);
  });
});
