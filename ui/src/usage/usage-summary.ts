import type { CallerUsage, UsageFigures, UsageReport } from './usage-types';

/** One bar of a chart and one row of a table: a caller or a model, with its figures. */
export interface UsageRow {
  label: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

export interface UsageSummary {
  total: UsageRow;
  /** Most spent first (then most tokens). */
  byCaller: UsageRow[];
  /** Every caller's calls added up per `provider/model`, most spent first (then most tokens). */
  byModel: UsageRow[];
}

/** The name a caller goes by: its rule's name, with the subject for identity callers (many subjects share a rule). */
export function callerLabel(caller: CallerUsage): string {
  return caller.subject ? `${caller.caller} (${caller.subject})` : caller.caller;
}

/** The report's figures by caller and by model, and in total. */
export function summarizeUsage(report: UsageReport): UsageSummary {
  const byModel = new Map<string, UsageRow>();
  for (const caller of report.data) {
    for (const model of caller.models) {
      const row = byModel.get(model.model) ?? emptyRow(model.model);
      byModel.set(model.model, add(row, model));
    }
  }
  const byCaller = report.data.map((caller) => add(emptyRow(callerLabel(caller)), caller));
  return {
    total: byCaller.reduce((total, row) => add(total, toFigures(row)), emptyRow('Total')),
    byCaller: byCaller.sort(bySpend),
    byModel: [...byModel.values()].sort(bySpend),
  };
}

export function tokensOf(row: UsageRow): number {
  return row.inputTokens + row.outputTokens;
}

function bySpend(a: UsageRow, b: UsageRow): number {
  return b.costUsd - a.costUsd || tokensOf(b) - tokensOf(a) || a.label.localeCompare(b.label);
}

function emptyRow(label: string): UsageRow {
  return { label, requests: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, costUsd: 0 };
}

function add(row: UsageRow, figures: UsageFigures): UsageRow {
  return {
    label: row.label,
    requests: row.requests + figures.requests,
    inputTokens: row.inputTokens + figures.input_tokens,
    outputTokens: row.outputTokens + figures.output_tokens,
    cacheReadTokens: row.cacheReadTokens + figures.cache_read_tokens,
    costUsd: row.costUsd + figures.cost_usd,
  };
}

function toFigures(row: UsageRow): UsageFigures {
  return {
    requests: row.requests,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cache_read_tokens: row.cacheReadTokens,
    cost_usd: row.costUsd,
  };
}
