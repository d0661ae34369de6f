import { Injectable } from '@nestjs/common';
import { redactSecrets } from '../../common/errors/redact-secrets.js';

/** The outcome of a provider's last model-list fetch, as the status endpoint reports it. */
export type ModelListFetch =
  { state: 'ok'; fetchedAt: Date; latencyMs: number; count: number } | { state: 'error'; fetchedAt: Date; latencyMs: number; error: string };

/** `scheme://user:password@` in a URL; the scheme is kept. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

/**
 * Remembers each provider's last model-list fetch (when, how long, how many models or why it
 * failed). Kept in memory per process. Error texts lose the provider's key and any credentials
 * written into a URL (`https://user:password@host`) before they are kept.
 */
@Injectable()
export class ModelListRecorder {
  private readonly fetches = new Map<string, ModelListFetch>();

  recordSuccess(providerId: string, startedAt: number, count: number): void {
    this.fetches.set(providerId, { state: 'ok', fetchedAt: new Date(), latencyMs: Date.now() - startedAt, count });
  }

  recordFailure(providerId: string, startedAt: number, error: string, apiKey?: string): void {
    const redacted = redactSecrets(error, [apiKey]).replace(URL_CREDENTIALS, '$1[redacted]@');
    this.fetches.set(providerId, { state: 'error', fetchedAt: new Date(), latencyMs: Date.now() - startedAt, error: redacted });
  }

  last(providerId: string): ModelListFetch | undefined {
    return this.fetches.get(providerId);
  }
}
