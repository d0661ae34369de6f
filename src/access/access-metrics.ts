import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { metrics, type Counter } from '@opentelemetry/api';
import { accessConfig } from '../config/access.config.js';
import { telemetryConfig } from '../config/telemetry.config.js';
import type { HubUsage } from '../hub/hub-usage.js';
import { TELEMETRY_SCOPE } from '../common/telemetry/telemetry-sdk.js';

/** Why access control refused a request, as metrics label it. */
export type RefusalReason = 'model' | 'budget' | 'requests' | 'tokens' | 'concurrency' | 'unavailable';

/**
 * Spend, tokens and refusals per caller, when telemetry and access control are on. The caller label is the access
 * rule's name (a key's name, an identity rule's name, or `defaults`): a bounded set, never a key
 * and never a user's subject. The model label is the `provider/model` of calls that reported
 * usage (a model the provider knows).
 */
@Injectable()
export class AccessMetrics {
  private readonly spend: Counter | undefined;
  private readonly tokens: Counter | undefined;
  private readonly refusals: Counter | undefined;
  private readonly unchecked: Counter | undefined;

  constructor(@Inject(telemetryConfig.KEY) telemetry: ConfigType<typeof telemetryConfig>, @Inject(accessConfig.KEY) access: ConfigType<typeof accessConfig>) {
    if (!telemetry.enabled || !access.enabled) return;
    const meter = metrics.getMeter(TELEMETRY_SCOPE.name, TELEMETRY_SCOPE.version);
    this.spend = meter.createCounter('gateway.spend_usd', { description: 'USD spent on provider calls, by caller and model (from usage and prices)' });
    this.tokens = meter.createCounter('gateway.caller.tokens', {
      description: 'Tokens used by caller, model and token type (input or output)',
      unit: '{token}',
    });
    this.refusals = meter.createCounter('gateway.access.refusals', {
      description: 'Requests refused by access control, by caller and reason',
      unit: '{request}',
    });
    this.unchecked = meter.createCounter('gateway.access.unchecked', {
      description: 'Requests admitted without checks while the limits store was unreachable (ACCESS_FAIL_MODE=open)',
      unit: '{request}',
    });
  }

  recordUsage(caller: string, model: string, usage: HubUsage, costUsd: number): void {
    if (!this.spend || !this.tokens) return;
    this.spend.add(costUsd, { caller, model });
    this.tokens.add(usage.inputTokens, { caller, model, 'gen_ai.token.type': 'input' });
    this.tokens.add(usage.outputTokens, { caller, model, 'gen_ai.token.type': 'output' });
  }

  recordRefusal(caller: string, reason: RefusalReason): void {
    this.refusals?.add(1, { caller, reason });
  }

  recordUnchecked(caller: string): void {
    this.unchecked?.add(1, { caller });
  }
}
