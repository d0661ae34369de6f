import type { ChatCompletionRequest } from '../../src/common/openai/chat-completion.types.js';
import type { HubEvent } from '../../src/hub/hub-event.js';
import type { HubRequest } from '../../src/hub/hub-request.js';
import { HubResponseBuilder } from '../../src/hub/hub-response.js';
import { decodeOpenAiChatRequest } from '../../src/ingress/openai-chat/openai-chat.decode.js';
import { toChatCompletion } from '../../src/ingress/openai-chat/openai-chat.response-encoder.js';
import type { ChatCompletion } from '../../src/common/openai/chat-completion.types.js';

/**
 * The way an OpenAI Chat Completions client reaches a provider that speaks another dialect:
 * decoded into the hub, then encoded by the provider. Translator specs drive their providers
 * through it, so they assert what OpenAI clients send and receive.
 */
export function openAiToHub(request: ChatCompletionRequest, stream = request.stream === true): HubRequest {
  return { ...decodeOpenAiChatRequest(request), stream };
}

/** A provider's answer, as hub events, rendered as the `chat.completion` an OpenAI client receives. */
export function hubToChatCompletion(events: HubEvent[], defaults: { created: number; model?: string }): ChatCompletion {
  const builder = new HubResponseBuilder();
  for (const event of events) builder.add(event);
  return toChatCompletion(builder.result(), { created: defaults.created, model: defaults.model ?? '' }) as ChatCompletion;
}
