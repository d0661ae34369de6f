import { gatewayFetch, gatewayJson } from '../api/gateway-fetch';
import type { GatewayStatus, ReadinessResult } from './status-types';

export interface StatusSnapshot {
  status: GatewayStatus;
  readiness: { ready: boolean; reasons: string[] };
}

/**
 * Lists the models first (which fetches every provider's list again, past the cache) so the
 * status is fresh, then reads `/v1/status` and `/health/ready`.
 */
export async function loadStatus(): Promise<StatusSnapshot> {
  await gatewayFetch('/v1/models').catch(() => undefined); // a failure shows in the status itself
  const [status, readiness] = await Promise.all([gatewayJson<GatewayStatus>('/v1/status'), loadReadiness()]);
  return { status, readiness };
}

async function loadReadiness(): Promise<{ ready: boolean; reasons: string[] }> {
  try {
    const response = await fetch('/health/ready');
    const body = (await response.json()) as ReadinessResult;
    const reasons = Object.values(body.error ?? {}).flatMap((check) =>
      Object.entries(check)
        .filter(([key]) => key !== 'status')
        .map(([key, value]) => `${key}: ${String(value)}`),
    );
    return { ready: response.ok, reasons };
  } catch {
    return { ready: false, reasons: ['the readiness endpoint could not be reached'] };
  }
}
