import { useMemo } from 'preact/hooks';
import { formatMs, formatUsd } from '../common/format';
import { renderMarkdown } from '../common/markdown';
import type { Answer } from './answer';
import { metricsOf } from './answer-metrics';

/** One assistant answer: Markdown (rendered safely), tool calls as they stream, and its metrics. */
export function AnswerView({ answer, model, streaming }: { answer: Answer; model: string; streaming: boolean }) {
  const html = useMemo(() => renderMarkdown(answer.content), [answer.content]);
  return (
    <article class="answer" aria-label={`Answer from ${model}`} aria-busy={streaming} data-testid="answer">
      {answer.content && <div class="markdown" data-testid="answer-text" dangerouslySetInnerHTML={{ __html: html }} />}
      {answer.toolCalls.map((call, index) => (
        <section key={index} class="tool-call" aria-label={`Tool call ${call.function.name}`} data-testid="tool-call">
          <h3>
            Tool call <code>{call.function.name}</code>
          </h3>
          <pre>
            <code>{call.function.arguments}</code>
          </pre>
        </section>
      ))}
      {streaming && !answer.content && answer.toolCalls.length === 0 && <p class="muted">Waiting for the first token…</p>}
      {answer.stopped && <p class="muted">Stopped.</p>}
      {answer.error && (
        <p class="error" role="alert">
          {answer.error}
        </p>
      )}
      {!streaming && <AnswerMetricsLine answer={answer} model={model} />}
    </article>
  );
}

function AnswerMetricsLine({ answer, model }: { answer: Answer; model: string }) {
  const metrics = metricsOf(answer, model);
  const parts: string[] = [];
  if (metrics.timeToFirstTokenMs !== undefined) parts.push(`first token ${formatMs(metrics.timeToFirstTokenMs)}`);
  if (metrics.tokensPerSecond !== undefined) parts.push(`${metrics.tokensPerSecond.toFixed(1)} tokens/s`);
  if (metrics.inputTokens !== undefined) parts.push(`${metrics.inputTokens} in / ${metrics.outputTokens ?? 0} out tokens`);
  if (metrics.cost !== undefined) parts.push(formatUsd(metrics.cost));
  if (parts.length === 0) return null;
  return (
    <p class="metrics" data-testid="answer-metrics">
      {parts.join(' · ')}
    </p>
  );
}
