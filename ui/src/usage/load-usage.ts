import { ApiError } from '../api/api-error';
import { gatewayJson } from '../api/gateway-fetch';
import type { UsageReport } from './usage-types';

/** What the page shows: the report, or why there is none (no access file, no credential, another failure). */
export type UsageOutcome = { kind: 'report'; report: UsageReport } | { kind: 'not-kept' | 'needs-key' | 'failed'; message: string };

/** Reads `GET /v1/usage?days=N`, turning the refusals the page explains into outcomes. */
export async function loadUsage(days: number): Promise<UsageOutcome> {
  try {
    return { kind: 'report', report: await gatewayJson<UsageReport>(`/v1/usage?days=${days}`) };
  } catch (error) {
    if (!(error instanceof ApiError)) return { kind: 'failed', message: String(error) };
    if (error.status === 404) return { kind: 'not-kept', message: error.detail.message };
    if (error.status === 401) return { kind: 'needs-key', message: error.describe() };
    return { kind: 'failed', message: error.describe() };
  }
}
