import type { ApiErrorDetail } from './wire-types';

/** A failed gateway call, with the OpenAI-format error the gateway answered (or one made up for a network failure). */
export class ApiError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly detail: ApiErrorDetail,
  ) {
    super(detail.message);
    this.name = 'ApiError';
  }

  /** A sentence a person can act on: what happened, and the gateway's own message. */
  describe(): string {
    const what = this.status === undefined ? 'The request failed' : `${STATUS_TEXT[this.status] ?? 'The gateway answered'} (HTTP ${this.status})`;
    return `${what}: ${this.detail.message}`;
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'The request was refused',
  401: 'Not signed in, or the token was refused',
  403: 'Not allowed',
  404: 'Not found',
  413: 'The request is too large',
  429: 'Rate limited by the provider',
  500: 'The gateway failed',
  502: 'The provider could not be reached',
  503: 'Unavailable',
  504: 'The provider did not answer in time',
};

/** Reads an OpenAI-format error body (`{"error": {...}}`), tolerating anything else. */
export async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  return new ApiError(response.status, errorDetailOf(text) ?? { message: text.trim().slice(0, 300) || response.statusText || 'no details' });
}

export function errorDetailOf(text: string): ApiErrorDetail | undefined {
  try {
    const body = JSON.parse(text) as { error?: Partial<ApiErrorDetail> };
    if (body.error && typeof body.error.message === 'string') return { ...body.error, message: body.error.message };
  } catch {
    // not JSON
  }
  return undefined;
}
