import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { JwksClient } from 'jwks-rsa';
import { request } from 'undici';
import { authConfig } from '../config/auth.config.js';
import { ReadinessService } from '../common/lifecycle/readiness.service.js';
import { toDiscoveryUrl, toIssuerMetadata, type IssuerMetadata } from './issuer-metadata.js';
import { createJwksFetcher } from './jwks-fetcher.js';

/** What verifying a token needs once the issuer has been reached. */
export interface TrustedIssuer {
  metadata: IssuerMetadata;
  /** Caches keys by `kid`; an unknown `kid` refetches the key set, at most once per AUTH_JWKS_MIN_REFRESH_INTERVAL. */
  keys: JwksClient;
}

const READINESS_COMPONENT = 'auth';
const FETCH_TIMEOUT_MS = 5_000;
const FIRST_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 30_000;
const KEY_CACHE_MAX_AGE_MS = 10 * 60_000;
const KEY_CACHE_MAX_ENTRIES = 32;

/**
 * Reads the issuer's discovery document and key set. Until that succeeds the gateway reports
 * not ready and authenticated routes answer 503; failed attempts are retried with a growing
 * delay (0.5 s doubling up to 30 s), so an identity provider that is down at start-up never
 * stops the gateway from starting.
 */
@Injectable()
export class OidcDiscoveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Auth');
  private trusted?: TrustedIssuer;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private stopped = false;

  constructor(
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly readiness: ReadinessService,
  ) {}

  /** The issuer, once discovered; undefined while it has not been reached yet. */
  get current(): TrustedIssuer | undefined {
    return this.trusted;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled) return;
    if (!this.config.issuer.startsWith('https:')) {
      this.logger.warn(`the issuer ${this.config.issuer} is reached over plain HTTP: its signing keys can be tampered with in transit`);
    }
    this.readiness.block(READINESS_COMPONENT, `discovering the OpenID Connect issuer ${this.config.issuer}`);
    await this.attempt();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private async attempt(): Promise<void> {
    try {
      this.trusted = await this.discover();
      this.readiness.unblock(READINESS_COMPONENT);
      this.logger.log(`issuer ${this.trusted.metadata.issuer} discovered; accepting ${this.trusted.metadata.algorithms.join(', ')}`);
    } catch (error) {
      const reason = `issuer ${this.config.issuer} not reachable yet: ${describe(error)}`;
      this.readiness.block(READINESS_COMPONENT, reason);
      const delay = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** this.failures++);
      this.logger.warn(`${reason}; retrying in ${delay} ms`);
      if (!this.stopped) this.retryTimer = setTimeout(() => void this.attempt(), delay).unref();
    }
  }

  private async discover(): Promise<TrustedIssuer> {
    const response = await request(toDiscoveryUrl(this.config.issuer), {
      headers: { accept: 'application/json' },
      headersTimeout: FETCH_TIMEOUT_MS,
      bodyTimeout: FETCH_TIMEOUT_MS,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`the discovery document answered HTTP ${response.statusCode}`);
    }
    const metadata = toIssuerMetadata(await response.body.json(), this.config.issuer);
    const keys = new JwksClient({
      jwksUri: metadata.jwksUri,
      fetcher: createJwksFetcher({ minRefreshIntervalMs: this.config.jwksMinRefreshIntervalMs, timeoutMs: FETCH_TIMEOUT_MS }),
      cache: true,
      cacheMaxAge: KEY_CACHE_MAX_AGE_MS,
      cacheMaxEntries: KEY_CACHE_MAX_ENTRIES,
      // The fetcher bounds requests to the key set. jwks-rsa's token bucket would let made-up kids use up
      // the refreshes that a real key rotation needs.
      rateLimit: false,
    });
    await keys.getSigningKeys(); // the key set must be reachable and hold a signing key before the gateway is ready
    return { metadata, keys };
  }
}

function describe(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code;
  return typeof message === 'string' ? message : String(error);
}
