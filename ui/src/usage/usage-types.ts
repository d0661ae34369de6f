/** `GET /v1/usage`: the caller's figures (an admin's: every caller's) over the days asked for. */
export interface UsageReport {
  object: 'usage';
  days: number;
  /** Start of the first day covered (ISO 8601, UTC midnight). */
  from: string;
  data: CallerUsage[];
}

export interface UsageFigures {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cost_usd: number;
}

export interface CallerUsage extends UsageFigures {
  /** The key's name, the identity rule's name, or `defaults`. */
  caller: string;
  kind: 'key' | 'identity';
  /** The OIDC subject of an identity caller. */
  subject?: string;
  models: Array<UsageFigures & { model: string }>;
  budget?: { usd: number; period: string; spent_usd: number; remaining_usd: number; resets_at: string | null };
  limits?: { rpm?: number; tpm?: number; concurrency?: number };
}
