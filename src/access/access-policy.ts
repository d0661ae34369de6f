import type { ModelPattern } from './model-pattern.js';

/** Limits over one-minute windows and on requests in flight. */
export interface WindowLimits {
  /** Requests per minute. */
  rpm?: number;
  /** Tokens (input + output) per minute. */
  tpm?: number;
  /** Requests in flight at once. */
  concurrency?: number;
}

/** Limits that apply to the models a pattern matches, counted together. */
export interface ModelLimits extends WindowLimits {
  pattern: ModelPattern;
}

export interface Limits extends WindowLimits {
  /** Limits for some models, on top of the caller's own. */
  models: readonly ModelLimits[];
}

/** A budget period: a fixed window of `ms` (aligned to Monday 1970-01-05 00:00 UTC), or the whole time (`total`). */
export interface BudgetPeriod {
  /** As the file writes it: `1d`, `7d`, `30d`, `total`. */
  label: string;
  ms?: number;
}

export interface Budget {
  usd: number;
  period: BudgetPeriod;
}

/** What one kind of caller may do. */
export interface AccessRule {
  /** Shown in logs, metrics and usage: a key's name, an identity rule's name, or `defaults`. */
  name: string;
  /** The models it may use (aliases too); undefined: every model. */
  models?: readonly ModelPattern[];
  limits: Limits;
  budget?: Budget;
  /** Sees every caller's usage. */
  admin: boolean;
}

export interface KeyRule extends AccessRule {
  /** The SHA-256 of the key, 32 bytes. */
  sha256: Buffer;
}

/** Claims an OIDC caller must carry, all of them, for an identity rule to apply. */
export interface IdentityMatch {
  clientId?: string;
  subject?: string;
  /** A value of the groups claim (`groups_claim`, `groups` by default). */
  group?: string;
}

export interface IdentityRule extends AccessRule {
  match: IdentityMatch;
}

/** USD per million tokens, as the models.dev catalogue gives prices. */
export interface Price {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

export interface PriceOverride {
  pattern: ModelPattern;
  price: Price;
}

/** The access file, read and checked. */
export interface AccessPolicy {
  keys: readonly KeyRule[];
  /** Keys by the hex of their SHA-256. */
  keysByHash: ReadonlyMap<string, KeyRule>;
  identities: readonly IdentityRule[];
  /** For OIDC callers no identity rule matches. */
  defaults: AccessRule;
  groupsClaim: string;
  prices: readonly PriceOverride[];
}

export const DEFAULTS_RULE_NAME = 'defaults';
