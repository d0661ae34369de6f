import type { Model } from '../../common/openai/chat-completion.types.js';

/** A model as a provider lists it, before the gateway adds the `provider/` prefix. */
export type UpstreamModel = Omit<Model, 'object'> & { contextWindow?: number };

interface OpenAiModelEntry {
  id?: unknown;
  created?: unknown;
  owned_by?: unknown;
  active?: unknown;
  capabilities?: { completion_chat?: unknown };
  [field: string]: unknown;
}

/** Where providers' model lists give the context window: Groq, Cohere, Mistral, vLLM. */
const CONTEXT_WINDOW_FIELDS = ['context_window', 'context_length', 'max_context_length', 'max_model_len'] as const;

/** The context window a model list entry gives, if any. */
export function contextWindowOf(entry: Readonly<Record<string, unknown>>): number | undefined {
  for (const field of CONTEXT_WINDOW_FIELDS) {
    const value = entry[field];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  }
  return undefined;
}

/** The OpenAI `{object: "list", data: [...]}` shape, tolerant of missing fields. */
export function fromOpenAiModelList(body: unknown, keep: (entry: OpenAiModelEntry & { id: string }) => boolean = () => true): UpstreamModel[] {
  const data = (body as { data?: unknown })?.data;
  if (!Array.isArray(data)) throw new Error('model list has no data array');
  const models: UpstreamModel[] = [];
  for (const entry of data as OpenAiModelEntry[]) {
    if (typeof entry?.id !== 'string' || !keep(entry as OpenAiModelEntry & { id: string })) continue;
    const contextWindow = contextWindowOf(entry);
    models.push({
      id: entry.id,
      created: typeof entry.created === 'number' ? entry.created : 0,
      owned_by: typeof entry.owned_by === 'string' ? entry.owned_by : 'unknown',
      ...(contextWindow === undefined ? {} : { contextWindow }),
    });
  }
  return models;
}

const NON_CHAT_GROQ = /whisper|tts|guard|distil-whisper|playai/i;
const NON_CHAT_GEMINI = /embedding|imagen|tts|veo|aqa|gemma-3n-e|image-generation/i;

export const groqModels = (body: unknown) => fromOpenAiModelList(body, (entry) => entry.active !== false && !NON_CHAT_GROQ.test(entry.id));

export const googleModels = (body: unknown) =>
  fromOpenAiModelList(body, (entry) => !NON_CHAT_GEMINI.test(entry.id)).map((model) => ({
    ...model,
    id: model.id.replace(/^models\//, ''),
    owned_by: model.owned_by === 'unknown' ? 'google' : model.owned_by,
  }));

export const mistralModels = (body: unknown) => {
  const seen = new Set<string>();
  return fromOpenAiModelList(body, (entry) => entry.capabilities?.completion_chat !== false).filter((model) => {
    if (seen.has(model.id)) return false;
    seen.add(model.id);
    return true;
  });
};

interface CloudflareSearchPage {
  success?: boolean;
  result?: Array<{ name?: unknown; created_at?: unknown }>;
  result_info?: { page?: number; per_page?: number; total_count?: number; count?: number };
}

/** One page of Cloudflare's model search: `result[].name` is the model id (`@cf/...`). */
export function fromCloudflareModelSearch(body: unknown): { models: UpstreamModel[]; hasMore: boolean } {
  const page = body as CloudflareSearchPage;
  if (page?.success === false || !Array.isArray(page?.result)) throw new Error('model search failed');
  const models = page.result
    .filter((entry) => typeof entry?.name === 'string')
    .map((entry) => ({
      id: entry.name as string,
      created: typeof entry.created_at === 'string' ? Math.floor(Date.parse(entry.created_at) / 1000) || 0 : 0,
      owned_by: (entry.name as string).split('/')[1] ?? 'cloudflare',
    }));
  const info = page.result_info;
  const hasMore =
    !!info && typeof info.total_count === 'number' && typeof info.page === 'number' && typeof info.per_page === 'number'
      ? info.page * info.per_page < info.total_count
      : false;
  return { models, hasMore };
}

/** NVIDIA's catalogue lists embedding, reranking, speech, vision-only and image models beside the chat ones. */
const NON_CHAT_NVIDIA =
  /embed|rerank|retriever|parakeet|whisper|canary|riva|flux|stable-diffusion|sdxl|cosmos-predict|ocr|nvclip|deplot|paddle|guard|safety|reward/i;

export const nvidiaModels = (body: unknown) => fromOpenAiModelList(body, (entry) => !NON_CHAT_NVIDIA.test(entry.id));
