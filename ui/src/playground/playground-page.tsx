import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error';
import type { ChatRequest } from '../api/wire-types';
import { useToken } from '../auth/use-token';
import { newAnswer, type Answer } from './answer';
import { AnswerView } from './answer-view';
import { buildChatRequest, type UserTurn } from './chat-request';
import { DEFAULT_SETTINGS, type ChatSettings } from './chat-settings';
import { streamChat } from './chat-stream';
import { CodeView } from './code-view';
import { Composer } from './composer';
import { SettingsPanel } from './settings-panel';
import { useModels } from './use-models';
import { UserTurnView } from './user-turn-view';

interface Turn {
  id: number;
  user: UserTurn;
  model: string;
  answer?: Answer;
}

const EMPTY_DRAFT: UserTurn = { text: '', images: [] };

export function PlaygroundPage() {
  const { token } = useToken();
  const { models, note } = useModels(token);
  const [settings, setSettings] = useState<ChatSettings>(DEFAULT_SETTINGS);
  const [turns, setTurns] = useState<Turn[]>([]);
  const [draft, setDraft] = useState<UserTurn>(EMPTY_DRAFT);
  const [problem, setProblem] = useState<string>();
  const [lastRequest, setLastRequest] = useState<ChatRequest>();
  const [streaming, setStreaming] = useState(false);
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(
    () => () => {
      controller.current?.abort();
    },
    [],
  );

  // The chosen model while the list has it, else the first one listed.
  const model = models.includes(settings.model) ? settings.model : (models[0] ?? '');
  const effective = { ...settings, model };
  const history = turns.filter((turn) => turn.answer?.content && !turn.answer.error).map((turn) => ({ user: turn.user, assistant: turn.answer?.content }));
  const draftRequest = draft.text.trim() || draft.images.length > 0 ? buildChatRequest(effective, history, draft) : undefined;
  const shownRequest = draftRequest && 'request' in draftRequest ? draftRequest.request : lastRequest;

  const updateAnswer = (id: number, answer: Answer) => setTurns((current) => current.map((turn) => (turn.id === id ? { ...turn, answer } : turn)));

  const send = async () => {
    const built = buildChatRequest(effective, history, draft);
    if ('error' in built) {
      setProblem(built.error);
      return;
    }
    setProblem(undefined);
    const turn: Turn = { id: Date.now(), user: draft, model, answer: newAnswer(performance.now()) };
    const abort = new AbortController();
    controller.current = abort;
    setStreaming(true);
    setTurns((current) => [...current, turn]);
    setDraft(EMPTY_DRAFT);
    setLastRequest(built.request);
    try {
      updateAnswer(turn.id, await streamChat(built.request, abort.signal, (answer) => updateAnswer(turn.id, answer)));
    } catch (error) {
      const message = error instanceof ApiError ? error.describe() : `The request failed: ${String(error)}`;
      updateAnswer(turn.id, { ...newAnswer(performance.now()), error: message });
    } finally {
      controller.current = undefined;
      setStreaming(false);
    }
  };

  return (
    <div class="playground">
      <h1>Playground</h1>
      <SettingsPanel settings={effective} models={models} modelsNote={note} onChange={(changes) => setSettings((current) => ({ ...current, ...changes }))} />
      <section class="chat" aria-labelledby="chat-heading">
        <div class="chat-header">
          <h2 id="chat-heading">Chat</h2>
          <button type="button" disabled={streaming || turns.length === 0} onClick={() => setTurns([])}>
            New chat
          </button>
        </div>
        <div class="turns">
          {turns.length === 0 && <p class="muted">Pick a model, type a message and press Send.</p>}
          {turns.map((turn) => (
            <div key={turn.id} class="turn">
              <UserTurnView turn={turn.user} />
              {turn.answer && <AnswerView answer={turn.answer} model={turn.model} streaming={streaming && turn === turns.at(-1)} />}
            </div>
          ))}
        </div>
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        <Composer draft={draft} streaming={streaming} onDraft={setDraft} onSend={() => void send()} onStop={() => controller.current?.abort()} />
        <CodeView request={shownRequest} />
      </section>
    </div>
  );
}
