import type { Answer } from './answer';
import { costOf } from './model-prices';

export interface AnswerMetrics {
  timeToFirstTokenMs?: number;
  tokensPerSecond?: number;
  inputTokens?: number;
  outputTokens?: number;
  /** In US dollars; undefined until the gateway publishes prices. */
  cost?: number;
}

/** Time to first token, output tokens per second of generation (after the first token), usage and cost, when known. */
export function metricsOf(answer: Answer, model: string): AnswerMetrics {
  const metrics: AnswerMetrics = {};
  if (answer.firstTokenAt !== undefined) metrics.timeToFirstTokenMs = answer.firstTokenAt - answer.startedAt;
  if (answer.usage) {
    metrics.inputTokens = answer.usage.prompt_tokens;
    metrics.outputTokens = answer.usage.completion_tokens;
    const generatingMs = answer.endedAt !== undefined && answer.firstTokenAt !== undefined ? answer.endedAt - answer.firstTokenAt : 0;
    if (generatingMs > 0) metrics.tokensPerSecond = answer.usage.completion_tokens / (generatingMs / 1000);
    metrics.cost = costOf(model, answer.usage);
  }
  return metrics;
}
