import { useCallback, useEffect, useState } from 'preact/hooks';
import { useToken } from '../auth/use-token';
import { formatCount, formatDate, formatUsd } from '../common/format';
import { BarChart, type BarSeries } from './bar-chart';
import { loadUsage, type UsageOutcome } from './load-usage';
import { callerLabel, summarizeUsage, type UsageRow } from './usage-summary';
import { UsageTable } from './usage-table';
import type { CallerUsage, UsageReport } from './usage-types';

const PERIODS = [
  { days: 1, text: 'Today (UTC)' },
  { days: 7, text: 'Last 7 days' },
  { days: 30, text: 'Last 30 days' },
];
const SPEND: BarSeries[] = [{ name: 'spend', className: 'bar-1' }];
const TOKENS: BarSeries[] = [
  { name: 'input', className: 'bar-1' },
  { name: 'output', className: 'bar-2' },
];

/** Spend and tokens by caller and by model (`GET /v1/usage`): the caller's own, or every caller's for an admin. */
export function UsagePage() {
  const { token } = useToken();
  const [days, setDays] = useState(1);
  const [outcome, setOutcome] = useState<UsageOutcome>();
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(() => {
    setLoading(true);
    void loadUsage(days)
      .then(setOutcome)
      .finally(() => setLoading(false));
  }, [days]);
  useEffect(refresh, [refresh, token]);

  return (
    <div class="usage" aria-busy={loading}>
      <div class="page-header">
        <h1>Usage</h1>
        <div class="controls">
          <label for="usage-period">Period</label>
          <select id="usage-period" value={days} onChange={(event) => setDays(Number(event.currentTarget.value))}>
            {PERIODS.map((period) => (
              <option key={period.days} value={period.days}>
                {period.text}
              </option>
            ))}
          </select>
          <button type="button" onClick={refresh} disabled={loading}>
            Refresh
          </button>
        </div>
      </div>
      {outcome?.kind === 'report' && <UsageReportView report={outcome.report} />}
      {outcome?.kind === 'not-kept' && (
        <p role="status">
          This gateway keeps no usage: spend and tokens are recorded only when it has an access file (<code>ACCESS_CONFIG_PATH</code>, see the README's section
          on access). <span class="reason">{outcome.message}</span>
        </p>
      )}
      {outcome?.kind === 'needs-key' && (
        <p class="error" role="alert">
          {outcome.message}. Paste an API key (or sign in) to see its usage.
        </p>
      )}
      {outcome?.kind === 'failed' && (
        <p class="error" role="alert">
          {outcome.message}
        </p>
      )}
    </div>
  );
}

function UsageReportView({ report }: { report: UsageReport }) {
  const summary = summarizeUsage(report);
  const { total } = summary;
  return (
    <>
      <dl class="facts" data-testid="usage-totals">
        <dt>Since</dt>
        <dd>{formatDate(report.from)}</dd>
        {/* The gateway lists the caller itself first. */}
        <dt>{report.data[0]?.kind === 'identity' ? 'Your identity' : 'Your key'}</dt>
        <dd>{report.data[0] ? callerLabel(report.data[0]) : '—'}</dd>
        {report.data.length > 1 && (
          <>
            <dt>Callers shown</dt>
            <dd>{formatCount(report.data.length)} (an admin sees every caller)</dd>
          </>
        )}
        <dt>Requests</dt>
        <dd>{formatCount(total.requests)}</dd>
        <dt>Tokens</dt>
        <dd>
          {formatCount(total.inputTokens)} in, {formatCount(total.outputTokens)} out
        </dd>
        <dt>Spend</dt>
        <dd>{formatUsd(total.costUsd)}</dd>
      </dl>
      {total.requests === 0 ? (
        <p>Nothing was used in this period yet.</p>
      ) : (
        <>
          <UsageSection title="By caller" rows={summary.byCaller} heading="Caller" extra={callerColumns(report.data)} />
          <UsageSection title="By model" rows={summary.byModel} heading="Model" />
        </>
      )}
    </>
  );
}

/** Two charts (spend, tokens) and the table of every figure, for callers or for models. */
function UsageSection({
  title,
  rows,
  heading,
  extra,
}: {
  title: string;
  rows: UsageRow[];
  heading: string;
  extra?: Parameters<typeof UsageTable>[0]['extra'];
}) {
  const noun = heading.toLowerCase();
  return (
    <section aria-label={`Usage ${title.toLowerCase()}`}>
      <h2>{title}</h2>
      <div class="charts">
        <BarChart title={`Spend by ${noun}`} rows={rows.map((row) => ({ label: row.label, values: [row.costUsd] }))} series={SPEND} format={formatUsd} />
        <BarChart
          title={`Tokens by ${noun}`}
          rows={rows.map((row) => ({ label: row.label, values: [row.inputTokens, row.outputTokens] }))}
          series={TOKENS}
          format={formatCount}
        />
      </div>
      <UsageTable caption={`Usage by ${noun}`} heading={heading} rows={rows} extra={extra} />
    </section>
  );
}

/** A caller's budget (spent of what, per period, when it resets) and limits. */
function callerColumns(callers: CallerUsage[]): Parameters<typeof UsageTable>[0]['extra'] {
  const byLabel = new Map(callers.map((caller) => [callerLabel(caller), caller]));
  return {
    headings: ['Budget', 'Limits'],
    cells: (row) => {
      const { budget, limits } = byLabel.get(row.label) ?? {};
      const budgetText = budget
        ? `${formatUsd(budget.spent_usd)} of $${budget.usd} (${budget.period})${budget.resets_at ? `, resets ${formatDate(budget.resets_at)}` : ''}`
        : '—';
      const limitText = [
        limits?.rpm !== undefined && `${formatCount(limits.rpm)} requests/min`,
        limits?.tpm !== undefined && `${formatCount(limits.tpm)} tokens/min`,
        limits?.concurrency !== undefined && `${formatCount(limits.concurrency)} in flight`,
      ].filter(Boolean);
      return [budgetText, limitText.length > 0 ? limitText.join(', ') : '—'];
    },
  };
}
