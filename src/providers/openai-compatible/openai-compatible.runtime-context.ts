import type { UpstreamClient, UpstreamRequest } from '../../common/http/upstream-client.js';
import { splitBaseUrl } from '../../common/http/upstream-url.js';

/** How a local server tells the context window it runs a model with. */
export type RuntimeContextSource = 'ollama-show' | 'llamacpp-props';

/** At most this many lookups at once (Ollama answers one model per call). */
const CONCURRENT_LOOKUPS = 4;

const positiveInteger = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined);

/** Ollama's `POST /api/show`: `num_ctx` among the Modelfile's `parameters`, else the architecture's `<arch>.context_length`. */
export function fromOllamaShow(body: unknown): number | undefined {
  const show = body as { parameters?: unknown; model_info?: unknown } | null;
  if (!show || typeof show !== 'object') return undefined;
  if (typeof show.parameters === 'string') {
    for (const line of show.parameters.split('\n')) {
      const [name, value] = line.trim().split(/\s+/);
      if (name === 'num_ctx' && /^\d+$/.test(value ?? '')) return positiveInteger(Number(value));
    }
  }
  if (show.model_info && typeof show.model_info === 'object') {
    for (const [key, value] of Object.entries(show.model_info as Record<string, unknown>)) {
      if (key.endsWith('.context_length') && positiveInteger(value)) return value as number;
    }
  }
  return undefined;
}

/** llama.cpp's `GET /props`: the context size the server was started with (`--ctx-size`), for the model it serves. */
export function fromLlamacppProps(body: unknown): number | undefined {
  return positiveInteger((body as { default_generation_settings?: { n_ctx?: unknown } } | null)?.default_generation_settings?.n_ctx);
}

/**
 * The context windows a local server runs its models with, read from its own API at the server's
 * root (outside the `/v1` of its OpenAI-format base URL). A model whose lookup fails is left out.
 */
export async function readRuntimeContextWindows(
  source: RuntimeContextSource,
  models: readonly string[],
  client: UpstreamClient,
  request: Omit<UpstreamRequest, 'path' | 'origin' | 'method' | 'body'> & { baseUrl: string },
): Promise<Map<string, number>> {
  const { origin, pathPrefix } = splitBaseUrl(request.baseUrl);
  const root = pathPrefix.replace(/\/v1$/, '');
  const windows = new Map<string, number>();
  const { baseUrl: _baseUrl, ...common } = request;
  if (source === 'llamacpp-props') {
    // One server, one model: its window is every listed model's.
    const tokens = await client.sendForJson({ ...common, origin, path: `${root}/props`, method: 'GET' }).then(fromLlamacppProps, () => undefined);
    if (tokens !== undefined) for (const model of models) windows.set(model, tokens);
    return windows;
  }
  const queue = [...models];
  const worker = async () => {
    for (let model = queue.shift(); model !== undefined; model = queue.shift()) {
      const name = model;
      const tokens = await client
        .sendForJson({
          ...common,
          origin,
          path: `${root}/api/show`,
          method: 'POST',
          headers: { ...common.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ model: name }),
        })
        .then(fromOllamaShow, () => undefined);
      if (tokens !== undefined) windows.set(name, tokens);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_LOOKUPS, models.length) }, worker));
  return windows;
}
