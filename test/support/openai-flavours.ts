/**
 * The wire details in which OpenAI-format providers differ, as the mock upstreams reproduce them
 * (see the provider wire-format reference, sections 2 and 5-11).
 */
export type Flavour =
  'openai' | 'groq' | 'deepseek' | 'ollama' | 'ollama_cloud' | 'cloudflare' | 'google' | 'mistral' | 'minimax' | 'moonshot' | 'nvidia' | 'llamacpp' | 'zai';

/** Local servers that take no key (llama.cpp checks one only when started with `--api-key`). */
export const KEYLESS_FLAVOURS: readonly Flavour[] = ['ollama', 'llamacpp'];

export const BASE_PATHS: Record<Flavour, string> = {
  openai: '/v1',
  groq: '/openai/v1',
  deepseek: '',
  ollama: '/v1',
  ollama_cloud: '/v1',
  cloudflare: '/client/v4/accounts/acct123/ai',
  google: '/v1beta/openai',
  mistral: '/v1',
  minimax: '/v1',
  moonshot: '/v1',
  nvidia: '/v1',
  llamacpp: '/v1',
  zai: '/api/paas/v4',
};

export const CHAT_PATHS: Record<Flavour, string> = {
  openai: '/chat/completions',
  groq: '/chat/completions',
  deepseek: '/chat/completions',
  ollama: '/chat/completions',
  ollama_cloud: '/chat/completions',
  cloudflare: '/v1/chat/completions',
  google: '/chat/completions',
  mistral: '/chat/completions',
  minimax: '/chat/completions',
  moonshot: '/chat/completions',
  nvidia: '/chat/completions',
  llamacpp: '/chat/completions',
  zai: '/chat/completions',
};

/** Models each mock knows, as the provider lists them (before any gateway filtering). */
export const MODEL_LISTS: Record<Exclude<Flavour, 'cloudflare'>, unknown> = {
  openai: {
    object: 'list',
    data: [
      { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
      { id: 'o4-mini', object: 'model', created: 1744225351, owned_by: 'system' },
    ],
  },
  groq: {
    object: 'list',
    data: [
      { id: 'llama-3.3-70b-versatile', object: 'model', created: 1733447754, owned_by: 'Meta', active: true, context_window: 131072 },
      { id: 'whisper-large-v3', object: 'model', created: 1693721698, owned_by: 'OpenAI', active: true },
      { id: 'retired-model', object: 'model', created: 1693721698, owned_by: 'Meta', active: false },
    ],
  },
  deepseek: { object: 'list', data: [{ id: 'deepseek-chat', object: 'model', owned_by: 'deepseek' }] },
  ollama: { object: 'list', data: [{ id: 'llama3.2:latest', object: 'model', created: 1746405464, owned_by: 'library' }] },
  ollama_cloud: { object: 'list', data: [{ id: 'gpt-oss:120b', object: 'model', created: 1746405464, owned_by: 'library' }] },
  google: {
    object: 'list',
    data: [
      { id: 'models/gemini-2.5-flash', object: 'model', owned_by: 'google' },
      { id: 'models/text-embedding-004', object: 'model', owned_by: 'google' },
    ],
  },
  mistral: {
    object: 'list',
    data: [
      { id: 'mistral-large-latest', object: 'model', created: 1735000000, owned_by: 'mistralai', capabilities: { completion_chat: true } },
      { id: 'mistral-embed', object: 'model', created: 1735000000, owned_by: 'mistralai', capabilities: { completion_chat: false } },
    ],
  },
  minimax: { object: 'list', data: [{ id: 'MiniMax-M2', object: 'model', created: 1761000000, owned_by: 'minimax' }] },
  moonshot: {
    object: 'list',
    data: [{ id: 'kimi-k2-0905-preview', object: 'model', created: 1757000000, owned_by: 'moonshot', root: '', parent: '', permission: [] }],
  },
  nvidia: {
    object: 'list',
    data: [
      { id: 'meta/llama-3.3-70b-instruct', object: 'model', created: 735790403, owned_by: 'meta' },
      { id: 'nvidia/nv-embedqa-e5-v5', object: 'model', created: 735790403, owned_by: 'nvidia' },
    ],
  },
  // llama-server lists the one model it serves, with the metadata of its GGUF file.
  llamacpp: {
    object: 'list',
    data: [
      {
        id: 'ggml-org/gemma-3-1b-it-GGUF',
        object: 'model',
        created: 1762000000,
        owned_by: 'llamacpp',
        meta: { vocab_type: 1, n_vocab: 262144, n_ctx_train: 32768, n_embd: 1152, n_params: 999885952, size: 811742464 },
      },
    ],
  },
  zai: {
    object: 'list',
    data: [
      { id: 'glm-4.5', object: 'model', created: 1753632000, owned_by: 'z-ai' },
      { id: 'glm-4.5-air', object: 'model', created: 1753632000, owned_by: 'z-ai' },
    ],
  },
};

/** Cloudflare's model search, two pages (`result[].name` is the model id). */
export const CLOUDFLARE_SEARCH_PAGES = [
  [{ id: 'b8b2b8f0-0000-4000-8000-000000000001', name: '@cf/meta/llama-3.1-8b-instruct', task: { name: 'Text Generation' } }],
  [{ id: 'b8b2b8f0-0000-4000-8000-000000000002', name: '@cf/openai/gpt-oss-120b', task: { name: 'Text Generation' } }],
];

export function knownModels(flavour: Flavour): string[] {
  if (flavour === 'cloudflare') return CLOUDFLARE_SEARCH_PAGES.flat().map((entry) => entry.name);
  return (MODEL_LISTS[flavour] as { data: Array<{ id: string }> }).data.map((entry) => entry.id.replace(/^models\//, ''));
}

/** An error body in the provider's own shape. */
export function errorBody(flavour: Flavour, status: number, message: string): unknown {
  switch (flavour) {
    case 'mistral':
      return status === 422
        ? { detail: [{ loc: ['body'], msg: message, type: 'value_error' }] }
        : { object: 'error', message, type: status === 429 ? 'rate_limited' : 'invalid_request_error', param: null, code: status === 429 ? '1300' : null };
    case 'google':
      return [{ error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : status === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT' } }];
    case 'cloudflare':
      return { result: null, success: false, errors: [{ code: 10000 + status, message }], messages: [] };
    case 'zai':
      // Z.ai's business codes are numeric strings; parameter errors come without the `error` wrapper.
      return status === 400 ? { code: '1210', message } : { error: { code: status === 429 ? '1302' : '1211', message }, request_id: '20251001-zai-req' };
    default:
      return {
        error: {
          message,
          type: status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error',
          param: null,
          code: status === 404 ? 'model_not_found' : status === 429 ? 'rate_limit_exceeded' : null,
        },
      };
  }
}

/** Tool-call ids as each provider issues them (Mistral: exactly 9 alphanumerics). */
export function toolCallId(flavour: Flavour, index: number): string {
  return flavour === 'mistral' ? `aB3dE5fG${index}` : `call_${flavour}_${index}`;
}
