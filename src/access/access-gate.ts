import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { RequestAccess, RequestContext } from '../common/context/request-context.js';
import { accessConfig } from '../config/access.config.js';
import type { ProviderCall } from '../core/hooks/call-hook.js';
import { totalTokens, type HubUsage } from '../hub/hub-usage.js';
import { AccessMetrics, type RefusalReason } from './access-metrics.js';
import { AccessPolicyService, type CallerRule } from './access-policy.service.js';
import {
  budgetSpent,
  concurrencyRefused,
  keyRevoked,
  modelRefused,
  proxyRefused,
  requestsRefused,
  storeUnavailable,
  tokensRefused,
} from './access-refusals.js';
import { AccessStoreHolder } from './access-store.holder.js';
import { mayProxy, mayUse, planAdmission, type AdmissionPlan, type Check } from './admission-plan.js';
import { budgetWindow, utcDay } from './budget-window.js';
import { rateLimitHeaders, tightest, type WindowState } from './rate-limit-headers.js';
import type { AccessStore, Slot, WindowCount } from './store/access-store.js';
import { estimateTokens } from './token-estimate.js';

/** A window counter some tokens were counted in for a call, until the call's real usage is known. */
interface TokenReservation {
  counter: string;
  endsAt: number;
}

/** What a call was admitted with, for accounting once it ends. */
interface CallAccount {
  found: CallerRule;
  estimate: number;
  reservations: TokenReservation[];
  settled: boolean;
}

/** Refuse a rollback this close to a window's end: it would land in the next window. */
const ROLLBACK_MARGIN_MS = 50;
/** At most one log line per outage of the store, per this interval. */
const OUTAGE_LOG_INTERVAL_MS = 10_000;

/**
 * Admits or refuses each provider call, and accounts for it when it ends: model lists, budgets,
 * requests and tokens per minute, requests in flight. Requests count once (a retry is not a new
 * request); tokens are counted on an estimate when a call is admitted and settled to the call's
 * real usage when it ends; slots are held until the answer has ended. While the store cannot be
 * reached, ACCESS_FAIL_MODE decides: refuse (503) or admit unchecked, never wait.
 */
@Injectable()
export class AccessGate {
  private readonly logger = new Logger('Access');
  private readonly accounts = new WeakMap<ProviderCall, CallAccount>();
  private lastOutageLog = 0;
  /** Models warned about once for having no price. */
  private readonly unpriced = new Set<string>();

  constructor(
    private readonly policies: AccessPolicyService,
    private readonly stores: AccessStoreHolder,
    private readonly metrics: AccessMetrics,
    @Inject(accessConfig.KEY) private readonly config: ConfigType<typeof accessConfig>,
  ) {}

  /** Whether access control is on (an access file is configured). */
  get enabled(): boolean {
    return this.stores.store !== undefined;
  }

  /** Before a provider call: throws the refusal, or resolves once the call is admitted. */
  async admitCall(call: ProviderCall): Promise<void> {
    const store = this.stores.store;
    const caller = call.context.caller;
    if (!store || !caller) return;
    const found = this.found(call.context);
    const who = describeRule(found);
    const models = [call.request.model, call.route.modelId];
    if (!mayUse(found.rule, models)) throw this.refused(found, 'model', modelRefused(who, call.request.model, call.route.modelId));
    const plan = planAdmission(found.rule, found.counter, who, models);
    const estimate = plan.tokens.length > 0 ? estimateTokens(call.request) : 0;
    const reservations = await this.admit(store, call.context, found, plan, estimate);
    this.accounts.set(call, { found, estimate, reservations: reservations ?? [], settled: false });
  }

  /** Once a provider call has ended: its tokens settled to its real usage, its usage and cost recorded. */
  settleCall(call: ProviderCall, usage: HubUsage | undefined): void {
    const account = this.accounts.get(call);
    const store = this.stores.store;
    if (!account || account.settled || !store) return;
    account.settled = true;
    const now = Date.now();
    const used = usage ? totalTokens(usage) : 0;
    const difference = used - account.estimate;
    for (const reservation of account.reservations) {
      if (difference > 0) store.add(`tpm:${reservation.counter}`, difference).catch((error: unknown) => this.storeTrouble(error));
      else if (difference < 0 && now < reservation.endsAt - ROLLBACK_MARGIN_MS) {
        store.subtract(`tpm:${reservation.counter}`, -difference).catch((error: unknown) => this.storeTrouble(error));
      }
    }
    if (!usage) return;
    const model = call.route.modelId;
    if (!this.policies.prices.priceOf(model) && !this.unpriced.has(model)) {
      this.unpriced.add(model);
      this.logger.warn(`no price for ${model} (models.dev has none): its calls count $0 towards budgets; set one under "prices" in the access file`);
    }
    const costUsd = this.policies.prices.cost(model, usage);
    const budget = account.found.rule.budget;
    const window = budget && budgetWindow(budget.period, now);
    store
      .record({
        caller: account.found.counter,
        rule: account.found.rule.name,
        model,
        usage,
        costUsd,
        budget: window && { counter: `${account.found.counter}:${window.id}`, expiresAt: window.endsAt },
        day: utcDay(now),
      })
      .catch((error: unknown) => this.storeTrouble(error));
    this.metrics.recordUsage(account.found.rule.name, model, usage, costUsd);
  }

  /** Before a `/proxy` call: the model list, the budget, requests per minute and in flight (its usage is not known). */
  async admitProxy(context: RequestContext, providerId: string): Promise<void> {
    const store = this.stores.store;
    if (!store || !context.caller) return;
    const found = this.found(context);
    const who = describeRule(found);
    if (!mayProxy(found.rule, providerId)) throw this.refused(found, 'model', proxyRefused(who, providerId));
    const plan = planAdmission(found.rule, found.counter, who, []);
    await this.admit(store, context, found, { ...plan, tokens: [] }, 0);
  }

  private found(context: RequestContext): CallerRule {
    const found = context.caller && this.policies.ruleFor(context.caller);
    if (!found) throw keyRevoked();
    return found;
  }

  /** Counts the call against every check at once (one round trip), and undoes it all if any refuses. */
  private async admit(
    store: AccessStore,
    context: RequestContext,
    found: CallerRule,
    plan: AdmissionPlan,
    estimate: number,
  ): Promise<TokenReservation[] | undefined> {
    const access = this.requestAccess(context, found.rule.name);
    const requests = plan.requests.filter((check) => !access.counted.has(`rpm:${check.counter}`));
    const slots = plan.slots.filter((check) => !access.held.has(`slots:${check.counter}`));
    const budget = found.rule.budget;
    const now = Date.now();
    const window = budget && budgetWindow(budget.period, now);
    const [spent, requestCounts, tokenCounts, taken] = await Promise.all([
      settled(window ? store.spent(`${found.counter}:${window.id}`) : Promise.resolve(0)),
      Promise.all(requests.map((check) => settled(store.add(`rpm:${check.counter}`, 1)))),
      Promise.all(plan.tokens.map((check) => settled(store.add(`tpm:${check.counter}`, estimate)))),
      Promise.all(slots.map((check) => settled(store.acquire(`slots:${check.counter}`, check.limit)))),
    ]);
    const undo = () => {
      requestCounts.forEach((result, index) => {
        if (result.value) rollBack(store, `rpm:${requests[index].counter}`, 1, result.value, now);
      });
      tokenCounts.forEach((result, index) => {
        if (result.value) rollBack(store, `tpm:${plan.tokens[index].counter}`, estimate, result.value, now);
      });
      for (const result of taken) result.value?.release();
    };
    const failure = [spent, ...requestCounts, ...tokenCounts, ...taken].find((result) => result.error !== undefined);
    if (failure) {
      undo();
      this.storeTrouble(failure.error);
      if (this.config.failMode === 'closed') throw this.refused(found, 'unavailable', storeUnavailable());
      this.metrics.recordUnchecked(found.rule.name);
      return undefined;
    }
    const refusal = this.refusal(found, {
      requests,
      requestCounts,
      tokens: plan.tokens,
      tokenCounts,
      slots,
      taken,
      spent: spent.value ?? 0,
      estimate,
      now,
      budgetEndsAt: window?.endsAt,
    });
    if (refusal) {
      undo();
      throw refusal;
    }
    requests.forEach((check) => access.counted.add(`rpm:${check.counter}`));
    slots.forEach((check, index) => {
      const slot = taken[index].value as Slot;
      access.held.set(`slots:${check.counter}`, () => slot.release());
    });
    this.announce(context, requests, requestCounts, plan.tokens, tokenCounts);
    return plan.tokens.map((check, index) => ({ counter: check.counter, endsAt: now + (tokenCounts[index].value as WindowCount).resetMs }));
  }

  private refusal(found: CallerRule, outcome: AdmissionOutcome): Error | undefined {
    const budget = found.rule.budget;
    if (budget && outcome.spent >= budget.usd) {
      return this.refused(found, 'budget', budgetSpent(describeRule(found), budget, outcome.spent, outcome.budgetEndsAt, outcome.now));
    }
    for (const [index, check] of outcome.requests.entries()) {
      const count = outcome.requestCounts[index].value as WindowCount;
      if (count.consumed > check.limit) return this.refused(found, 'requests', requestsRefused(check, count.resetMs));
    }
    for (const [index, check] of outcome.tokens.entries()) {
      // Admitted while the window had room before this call's estimate, even if the estimate overflows it.
      const count = outcome.tokenCounts[index].value as WindowCount;
      const before = count.consumed - outcome.estimate;
      if (before >= check.limit) return this.refused(found, 'tokens', tokensRefused(check, before, count.resetMs));
    }
    const full = outcome.taken.findIndex((result) => result.value === undefined);
    if (full !== -1) return this.refused(found, 'concurrency', concurrencyRefused(outcome.slots[full]));
    return undefined;
  }

  /** OpenAI's rate-limit headers, for the tightest window of each kind this call was counted in. */
  private announce(
    context: RequestContext,
    requests: Check[],
    requestCounts: Array<Settled<WindowCount>>,
    tokens: Check[],
    tokenCounts: Array<Settled<WindowCount>>,
  ): void {
    const state = (check: Check, count: WindowCount): WindowState => ({ limit: check.limit, remaining: check.limit - count.consumed, resetMs: count.resetMs });
    const headers = rateLimitHeaders(
      tightest(requests.map((check, index) => state(check, requestCounts[index].value as WindowCount))),
      tightest(tokens.map((check, index) => state(check, tokenCounts[index].value as WindowCount))),
    );
    for (const [name, value] of Object.entries(headers)) context.headers?.set(name, value);
  }

  /** The request's access state; its slots are freed when the answer ends (or the client goes away). */
  private requestAccess(context: RequestContext, rule: string): RequestAccess {
    if (context.access) return context.access;
    const access: RequestAccess = { rule, counted: new Set(), held: new Map() };
    context.access = access;
    context.onEnd?.(() => {
      for (const release of access.held.values()) release();
      access.held.clear();
    });
    return access;
  }

  private refused<E extends Error>(found: CallerRule, reason: RefusalReason, error: E): E {
    this.metrics.recordRefusal(found.rule.name, reason);
    return error;
  }

  /** Logs an outage of the store once per interval, never the credentials of its address. */
  private storeTrouble(error: unknown): void {
    const now = Date.now();
    if (now - this.lastOutageLog < OUTAGE_LOG_INTERVAL_MS) return;
    this.lastOutageLog = now;
    const consequence =
      this.config.failMode === 'closed' ? 'requests are refused with 503 (ACCESS_FAIL_MODE=closed)' : 'requests are admitted unchecked (ACCESS_FAIL_MODE=open)';
    this.logger.warn(`limits store unreachable (${error instanceof Error ? error.message : String(error)}): ${consequence}`);
  }
}

/** What the store answered for every check of a call. */
interface AdmissionOutcome {
  requests: Check[];
  requestCounts: Array<Settled<WindowCount>>;
  tokens: Check[];
  tokenCounts: Array<Settled<WindowCount>>;
  slots: Check[];
  taken: Array<Settled<Slot | undefined>>;
  spent: number;
  estimate: number;
  now: number;
  budgetEndsAt: number | undefined;
}

interface Settled<T> {
  value?: T;
  error?: unknown;
}

/** A promise's outcome as a value: every check is waited for, failed or not, so what succeeded can be undone. */
function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: error ?? new Error('failed') }),
  );
}

/** Takes back what was counted, unless its window has (almost) ended and a new one would get it. */
function rollBack(store: AccessStore, counter: string, amount: number, count: WindowCount, countedAt: number): void {
  if (Date.now() < countedAt + count.resetMs - ROLLBACK_MARGIN_MS) store.subtract(counter, amount).catch(() => undefined);
}

function describeRule(found: CallerRule): string {
  return found.counter.startsWith('key:') ? `key "${found.rule.name}"` : `identity rule "${found.rule.name}"`;
}
