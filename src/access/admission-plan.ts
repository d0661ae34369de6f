import type { AccessRule, WindowLimits } from './access-policy.js';
import { matchesAny } from './model-pattern.js';

/** One counter a request is checked against, and its limit. */
export interface Check {
  /** The counter's id: the caller's, or the caller's for a model pattern (`key:team|openai/*`). */
  counter: string;
  limit: number;
  /** Who the limit is for, in a refusal's message: `key "team"`, `key "team" for models "openai/*"`. */
  scope: string;
}

/** What admitting one provider call involves, before any counter is touched. */
export interface AdmissionPlan {
  requests: Check[];
  tokens: Check[];
  slots: Check[];
}

/**
 * The checks a call of `models` (the model the client named and the `provider/model` it resolved
 * to) is subject to: the caller's own limits, then those of every model pattern that matches.
 */
export function planAdmission(rule: AccessRule, callerCounter: string, who: string, models: readonly string[]): AdmissionPlan {
  const plan: AdmissionPlan = { requests: [], tokens: [], slots: [] };
  const add = (limits: WindowLimits, counter: string, scope: string) => {
    if (limits.rpm !== undefined) plan.requests.push({ counter, limit: limits.rpm, scope });
    if (limits.tpm !== undefined) plan.tokens.push({ counter, limit: limits.tpm, scope });
    if (limits.concurrency !== undefined) plan.slots.push({ counter, limit: limits.concurrency, scope });
  };
  add(rule.limits, callerCounter, who);
  for (const modelLimits of rule.limits.models) {
    if (matchesAny([modelLimits.pattern], models))
      add(modelLimits, `${callerCounter}|${modelLimits.pattern.source}`, `${who} for models "${modelLimits.pattern.source}"`);
  }
  return plan;
}

/** Whether a rule lets a caller use one of `models` (no list: every model). */
export function mayUse(rule: AccessRule, models: readonly string[]): boolean {
  return rule.models === undefined || matchesAny(rule.models, models);
}

/**
 * Whether a rule lets a caller use `/proxy/<provider>`: the raw API reaches every model of the
 * provider, so a rule with a model list must allow all of them (`*` or `<provider>/*`).
 */
export function mayProxy(rule: AccessRule, providerId: string): boolean {
  if (rule.models === undefined) return true;
  const whole = new Set(['*', `${providerId}/*`.toLowerCase()]);
  return rule.models.some((pattern) => whole.has(pattern.source.toLowerCase()));
}
