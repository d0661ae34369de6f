import type { ChatCompletionMessage } from '../../common/openai/chat-completion.types.js';
import { toMistralToolCallId } from './mistral-tool-call-id.js';
import type { OpenAiEmbeddingsSupport } from './openai-compatible.embeddings.js';
import type { ImagesSupport } from './openai-compatible.images.js';
import type { RuntimeContextSource } from './openai-compatible.runtime-context.js';
import { fromOpenAiModelList, googleModels, groqModels, mistralModels, nvidiaModels, type UpstreamModel } from './openai-compatible.models.js';
import { clampTemperature } from './openai-compatible.sampling.js';
import { OPENAI_CHAT, OPENAI_RESPONSES } from '../../hub/hub-dialect.js';

type RequestBody = Record<string, unknown>;

/**
 * An OpenAI-format upstream, described as data. Adding a provider whose API speaks OpenAI's
 * Chat Completions is a new entry here (and a mock in the tests), nothing else.
 */
export interface OpenAiCompatiblePreset {
  id: string;
  defaultUrl: string;
  /** `at-default-url`: only the hosted service needs one (a self-hosted server elsewhere may have none). */
  requiresKey: boolean | 'at-default-url';
  /** Appended to the base URL. */
  chatPath: string;
  /**
   * The client dialects the provider speaks natively, relayed rather than translated: OpenAI Chat
   * Completions (every preset, the default), and OpenAI Responses where the provider serves it.
   */
  nativeDialects?: readonly string[];
  /** Appended to the base URL for the Responses API (with `openai-responses` among the native dialects). */
  responsesPath?: string;
  /** Embeddings, for providers that have them. */
  embeddings?: OpenAiEmbeddingsSupport;
  /** OpenAI's Images API, for providers that serve it: the path of each operation. */
  images?: ImagesSupport;
  models: { kind: 'openai-list'; path: string; toModels: (body: unknown) => UpstreamModel[] } | { kind: 'cloudflare-search'; path: string };
  /** A local server that tells the context window it runs each model with (`GET /v1/models?include=context_window`). */
  runtimeContext?: RuntimeContextSource;
  /** Send `max_tokens` instead of `max_completion_tokens` (providers that only know the older name). */
  legacyMaxTokens?: boolean;
  /** Request fields the provider rejects; removed before sending. */
  dropFields?: readonly string[];
  /** Further request rewrites, applied to the gateway's own shallow copy of the body. */
  rewriteRequest?: (body: RequestBody) => void;
  /** The provider sends usage on its own (not via `stream_options`), which must not reach it. */
  rejectsStreamOptions?: boolean;
  /** Finish reasons that are not OpenAI's: mapped to one, or `fail` for an interrupted generation. */
  finishReasons?: Readonly<Record<string, string | { fail: string }>>;
}

const CHAT = '/chat/completions';
/** The client dialects of OpenAI's Chat Completions and Responses APIs. */

const groqRewrite = (body: RequestBody) => {
  if (!Array.isArray(body.messages)) return;
  if ((body.messages as ChatCompletionMessage[]).some((message) => message && 'name' in message)) {
    body.messages = (body.messages as ChatCompletionMessage[]).map((message) => {
      if (!message || !('name' in message)) return message;
      const { name: _dropped, ...rest } = message;
      return rest;
    });
  }
};

const mistralRewrite = (body: RequestBody) => {
  if ('seed' in body) {
    if (!('random_seed' in body)) body.random_seed = body.seed;
    delete body.seed;
  }
  if (!Array.isArray(body.messages)) return;
  body.messages = (body.messages as ChatCompletionMessage[]).map((message) => {
    if (!message || typeof message !== 'object') return message;
    if (message.role === 'assistant' && Array.isArray(message.tool_calls)) {
      return {
        ...message,
        tool_calls: message.tool_calls.map((call) => (call && typeof call.id === 'string' ? { ...call, id: toMistralToolCallId(call.id) } : call)),
      };
    }
    if (message.role === 'tool' && typeof message.tool_call_id === 'string') {
      return { ...message, tool_call_id: toMistralToolCallId(message.tool_call_id) };
    }
    return message;
  });
};

export const OPENAI_COMPATIBLE_PRESETS: readonly OpenAiCompatiblePreset[] = [
  {
    id: 'openai',
    defaultUrl: 'https://api.openai.com/v1',
    requiresKey: true,
    chatPath: CHAT,
    nativeDialects: [OPENAI_CHAT, OPENAI_RESPONSES],
    responsesPath: '/responses',
    embeddings: { path: '/embeddings', tokenInput: true, base64: true, dimensionsField: 'dimensions' },
    images: { generations: '/images/generations', edits: '/images/edits', variations: '/images/variations' },
    models: { kind: 'openai-list', path: '/models', toModels: (body) => fromOpenAiModelList(body) },
  },
  {
    id: 'groq',
    defaultUrl: 'https://api.groq.com/openai/v1',
    requiresKey: true,
    chatPath: CHAT,
    models: { kind: 'openai-list', path: '/models', toModels: groqModels },
    dropFields: ['logprobs', 'logit_bias', 'top_logprobs'],
    rewriteRequest: groqRewrite,
  },
  {
    id: 'deepseek',
    defaultUrl: 'https://api.deepseek.com',
    requiresKey: true,
    chatPath: CHAT,
    models: { kind: 'openai-list', path: '/models', toModels: (body) => fromOpenAiModelList(body) },
    legacyMaxTokens: true,
    finishReasons: { insufficient_system_resource: { fail: 'The provider ran out of capacity while generating.' } },
  },
  {
    id: 'ollama',
    defaultUrl: 'http://localhost:11434/v1',
    requiresKey: false,
    chatPath: CHAT,
    runtimeContext: 'ollama-show',
    embeddings: { path: '/embeddings', tokenInput: false, base64: true, dimensionsField: 'dimensions' },
    models: { kind: 'openai-list', path: '/models', toModels: (body) => fromOpenAiModelList(body) },
    legacyMaxTokens: true,
  },
  {
    id: 'ollama_cloud',
    defaultUrl: 'https://ollama.com/v1',
    requiresKey: true,
    chatPath: CHAT,
    models: { kind: 'openai-list', path: '/models', toModels: (body) => fromOpenAiModelList(body) },
    legacyMaxTokens: true,
  },
  {
    id: 'cloudflare',
    defaultUrl: 'https://api.cloudflare.com/client/v4/accounts/{ACCOUNT_ID}/ai',
    requiresKey: true,
    chatPath: `/v1${CHAT}`,
    embeddings: { path: '/v1/embeddings', tokenInput: false, base64: false, dimensionsField: 'dimensions' },
    models: { kind: 'cloudflare-search', path: '/models/search?task=Text%20Generation&per_page=100' },
    legacyMaxTokens: true,
  },
  {
    id: 'google',
    defaultUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    requiresKey: true,
    chatPath: CHAT,
    embeddings: { path: '/embeddings', tokenInput: false, base64: false, dimensionsField: 'dimensions' },
    // Imagen and Gemini image models through the OpenAI-compatible endpoint: generations only.
    images: { generations: '/images/generations' },
    models: { kind: 'openai-list', path: '/models', toModels: googleModels },
    legacyMaxTokens: true,
  },
  {
    id: 'mistral',
    defaultUrl: 'https://api.mistral.ai/v1',
    requiresKey: true,
    chatPath: CHAT,
    embeddings: { path: '/embeddings', tokenInput: false, base64: true, dimensionsField: 'output_dimension', dropFields: ['user'] },
    models: { kind: 'openai-list', path: '/models', toModels: mistralModels },
    legacyMaxTokens: true,
    rejectsStreamOptions: true,
    rewriteRequest: mistralRewrite,
    finishReasons: { model_length: 'length', error: { fail: 'The provider reported an error while generating.' } },
  },
  {
    // MiniMax refuses a temperature outside (0, 1]; its reasoning stays in `content` as <think>...</think>, which
    // the next turn must carry back unchanged.
    id: 'minimax',
    defaultUrl: 'https://api.minimax.io/v1',
    requiresKey: true,
    chatPath: CHAT,
    models: { kind: 'openai-list', path: '/models', toModels: (body) => fromOpenAiModelList(body) },
    rewriteRequest: clampTemperature(0.01, 1),
  },
  {
    id: 'moonshot',
    defaultUrl: 'https://api.moonshot.ai/v1',
    requiresKey: true,
    chatPath: CHAT,
    models: { kind: 'openai-list', path: '/models', toModels: (body) => fromOpenAiModelList(body) },
    rewriteRequest: clampTemperature(0, 1),
  },
  {
    // The API catalog needs a key; a self-hosted NIM (NVIDIA_API_URL=http://host:8000/v1) has none.
    id: 'nvidia',
    defaultUrl: 'https://integrate.api.nvidia.com/v1',
    requiresKey: 'at-default-url',
    chatPath: CHAT,
    models: { kind: 'openai-list', path: '/models', toModels: nvidiaModels },
  },
  {
    // llama.cpp's `llama-server`: a local server, its key optional (`--api-key`).
    id: 'llamacpp',
    defaultUrl: 'http://llamacpp:8080/v1',
    requiresKey: false,
    chatPath: CHAT,
    runtimeContext: 'llamacpp-props',
    models: { kind: 'openai-list', path: '/models', toModels: (body) => fromOpenAiModelList(body) },
    legacyMaxTokens: true,
  },
  {
    id: 'zai',
    defaultUrl: 'https://api.z.ai/api/paas/v4',
    requiresKey: true,
    chatPath: CHAT,
    models: { kind: 'openai-list', path: '/models', toModels: (body) => fromOpenAiModelList(body) },
  },
];
