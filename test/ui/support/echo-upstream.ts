import { sendJson, sseFrame, startMockServer, writeSse, type MockServer } from '../../support/mock-server.js';

export const ECHO_MODEL = 'echo-1';

/**
 * An OpenAI-format upstream that streams the last user message back as the answer, in three
 * pieces: model output of the test's choosing (Markdown, or HTML that must never run).
 */
export function startEchoUpstream(): Promise<MockServer> {
  return startMockServer(
    async (record, response) => {
      if (record.method === 'GET' && record.path.endsWith('/models')) {
        sendJson(response, 200, { object: 'list', data: [{ id: ECHO_MODEL, object: 'model', created: 0, owned_by: 'test' }] });
        return true;
      }
      if (record.method !== 'POST' || !record.path.endsWith('/chat/completions') || !record.body) return false;
      const messages = record.body.messages as Array<{ role: string; content: unknown }>;
      const text = String([...messages].reverse().find((message) => message.role === 'user')?.content ?? '');
      const third = Math.ceil(text.length / 3);
      const pieces = [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)];
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
        id: 'chatcmpl-echo',
        object: 'chat.completion.chunk',
        created: 0,
        model: ECHO_MODEL,
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
      await writeSse(response, [
        sseFrame(undefined, chunk({ role: 'assistant', content: '' })),
        ...pieces.map((piece) => sseFrame(undefined, chunk({ content: piece }))),
        sseFrame(undefined, chunk({}, 'stop')),
        sseFrame(undefined, { ...chunk({}), choices: [], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } }),
        'data: [DONE]\n\n',
      ]);
      return true;
    },
    (response) => sendJson(response, 404, { error: { message: 'No such route', type: 'invalid_request_error', param: null, code: null } }),
  );
}
