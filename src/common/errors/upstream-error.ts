import { UpstreamError } from './gateway-error.js';

type Json = Record<string, unknown>;

/**
 * Turns an upstream error response into the gateway error the client sees, keeping the status
 * (except where providers use non-standard codes) and `retry-after`. Tolerant of every error body
 * shape providers send (OpenAI, Anthropic, Cohere, Mistral, Gemini arrays, Cloudflare envelopes,
 * Ollama strings, HTML from a proxy).
 */
export function toUpstreamError(status: number, headers: Record<string, string | string[] | undefined>, bodyText: string): UpstreamError {
  const parsed = describeErrorBody(bodyText);
  const clientStatus = mapUpstreamStatus(status);
  const retryHeaders: Record<string, string> = {};
  for (const name of ['retry-after', 'retry-after-ms']) {
    const value = headers[name];
    if (typeof value === 'string') retryHeaders[name] = value;
  }
  const message = parsed.message ?? `Upstream provider answered HTTP ${status}.`;
  return new UpstreamError(clientStatus, message, {
    type: status === 529 || parsed.type === 'overloaded_error' ? 'overloaded_error' : parsed.type,
    code: parsed.code,
    param: parsed.param,
    headers: retryHeaders,
  });
}

/** Non-standard upstream statuses mapped to the ones OpenAI clients understand. */
export function mapUpstreamStatus(status: number): number {
  if (status === 529 || status === 498) return 503; // Anthropic overloaded, Groq flex capacity
  if (status < 400 || status > 599) return 502; // an upstream "error" that is not an HTTP error
  return status;
}

interface ErrorDescription {
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
}

export function describeErrorBody(bodyText: string): ErrorDescription {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    const text = bodyText.trim();
    return text ? { message: text } : {};
  }
  if (Array.isArray(body)) body = body[0]; // Gemini wraps errors in an array
  if (!body || typeof body !== 'object') return {};
  const object = body as Json;

  const error = object.error;
  if (typeof error === 'string') return { message: error }; // Ollama native
  if (error && typeof error === 'object') {
    const inner = error as Json;
    return {
      message: asString(inner.message),
      type: asString(inner.type) ?? (typeof inner.status === 'string' ? inner.status.toLowerCase() : undefined),
      code: asString(inner.code) ?? null,
      param: asString(inner.param) ?? null,
    };
  }
  if (Array.isArray(object.errors) && object.errors.length > 0) {
    const first = object.errors[0] as Json; // Cloudflare envelope
    return { message: asString(first?.message), code: typeof first?.code === 'string' || typeof first?.code === 'number' ? String(first.code) : null };
  }
  if (Array.isArray(object.detail)) {
    const messages = object.detail.map((entry) => asString((entry as Json)?.msg)).filter(Boolean);
    return { message: messages.join('; ') || undefined }; // FastAPI-style 422 (Mistral)
  }
  return { message: asString(object.message), type: asString(object.type), code: asString(object.code) ?? null };
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
