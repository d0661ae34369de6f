import { Injectable } from '@nestjs/common';
import type { Caller } from '../common/context/request-context.js';
import { NotFoundError } from '../common/errors/gateway-error.js';
import type { AccessRule } from './access-policy.js';
import { AccessPolicyService } from './access-policy.service.js';
import { storeUnavailable } from './access-refusals.js';
import { AccessStoreHolder } from './access-store.holder.js';
import { budgetWindow, utcDay } from './budget-window.js';
import { emptyFigures, type AccessStore, type CallerUsage } from './store/access-store.js';

export const MAX_USAGE_DAYS = 31;

/** One caller's figures over the days asked for, with its budget and limits. */
export interface CallerReport {
  caller: CallerUsage;
  kind: 'key' | 'identity';
  rule?: AccessRule;
  budget?: { spentUsd: number; endsAt?: number };
}

/**
 * What callers used (`GET /v1/usage`): a caller sees its own figures; a caller whose rule has
 * `admin: true` sees everyone's.
 */
@Injectable()
export class UsageService {
  constructor(
    private readonly policies: AccessPolicyService,
    private readonly stores: AccessStoreHolder,
  ) {}

  /** The UTC days covered by `days` (today and the days before it). */
  static days(days: number, now = Date.now()): number[] {
    const today = utcDay(now);
    return Array.from({ length: days }, (_, index) => today - index);
  }

  async report(caller: Caller | undefined, days: number): Promise<CallerReport[]> {
    const store = this.stores.store;
    const found = caller && this.policies.ruleFor(caller);
    if (!store || !found)
      throw new NotFoundError('Usage is kept only with an access file (ACCESS_CONFIG_PATH) and an authenticated caller.', { code: 'usage_not_kept' });
    try {
      const covered = UsageService.days(days);
      const usage = await store.usage(covered, found.rule.admin ? undefined : [found.counter]);
      // The caller itself first (an admin's own figures too), with zeros when it used nothing.
      const own = usage.findIndex((entry) => entry.caller === found.counter);
      usage.unshift(own === -1 ? { caller: found.counter, rule: found.rule.name, totals: emptyFigures(), models: {} } : usage.splice(own, 1)[0]);
      return await Promise.all(usage.map((entry) => this.reportOf(store, entry)));
    } catch (error) {
      if (error instanceof NotFoundError) throw error;
      throw storeUnavailable();
    }
  }

  private async reportOf(store: AccessStore, entry: CallerUsage): Promise<CallerReport> {
    const kind = entry.caller.startsWith('key:') ? 'key' : 'identity';
    const rule = this.ruleNamed(kind, entry.rule);
    const budget = rule?.budget;
    if (!budget) return { caller: entry, kind, rule };
    const window = budgetWindow(budget.period, Date.now());
    return { caller: entry, kind, rule, budget: { spentUsd: await store.spent(`${entry.caller}:${window.id}`), endsAt: window.endsAt } };
  }

  private ruleNamed(kind: 'key' | 'identity', name: string): AccessRule | undefined {
    const policy = this.policies.policy;
    if (!policy) return undefined;
    if (kind === 'key') return policy.keys.find((key) => key.name === name);
    return policy.identities.find((rule) => rule.name === name) ?? (name === policy.defaults.name ? policy.defaults : undefined);
  }
}
