/**
 * Token usage of one provider call. `inputTokens` counts every input token, cached ones included
 * (OpenAI's convention); the cache fields say how many of them were read from or written to the
 * provider's prompt cache.
 */
export interface HubUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

export function totalTokens(usage: HubUsage): number {
  return usage.inputTokens + usage.outputTokens;
}

/** The usage of two calls together. */
export function addUsage(total: HubUsage | undefined, usage: HubUsage): HubUsage {
  if (!total) return usage;
  const result: HubUsage = { inputTokens: total.inputTokens + usage.inputTokens, outputTokens: total.outputTokens + usage.outputTokens };
  for (const key of ['cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'] as const) {
    if (total[key] !== undefined || usage[key] !== undefined) result[key] = (total[key] ?? 0) + (usage[key] ?? 0);
  }
  return result;
}
