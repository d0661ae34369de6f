/** A part of each bar: one figure of the row (a stacked chart has several). */
export interface BarSeries {
  name: string;
  /** The CSS class that colours it (`bar-1`, `bar-2`). */
  className: string;
}

export interface BarRow {
  label: string;
  /** One value per series, stacked left to right. */
  values: number[];
}

const ROW_HEIGHT = 40;
/** The longest bar's share of the width: the rest holds its value. */
const LONGEST_BAR = 76;

/**
 * A small horizontal bar chart in SVG that takes the width it is given (percentages, so it reads
 * at 375 px as well as on a desktop): per row, its label, then its bar (stacked when there are
 * several series) and the total. Screen readers get the same figures as text (its `aria-label`);
 * the tables beside the charts hold every figure.
 */
export function BarChart({ title, rows, series, format }: { title: string; rows: BarRow[]; series: BarSeries[]; format: (value: number) => string }) {
  const totals = rows.map((row) => row.values.reduce((sum, value) => sum + value, 0));
  const longest = Math.max(0, ...totals);
  const describe = (row: BarRow, index: number) => {
    const parts = series.length > 1 ? ` (${series.map((part, at) => `${format(row.values[at] ?? 0)} ${part.name}`).join(', ')})` : '';
    return `${row.label}: ${format(totals[index])}${parts}`;
  };
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {series.length > 1 && (
        <ul class="legend">
          {series.map((part) => (
            <li key={part.name}>
              <svg width="12" height="12" aria-hidden="true">
                <rect class={part.className} width="12" height="12" rx="2" />
              </svg>{' '}
              {part.name}
            </li>
          ))}
        </ul>
      )}
      <svg width="100%" height={rows.length * ROW_HEIGHT} role="img" aria-label={`${title}: ${rows.map(describe).join('; ')}`}>
        {rows.map((row, index) => {
          const top = index * ROW_HEIGHT;
          const share = (value: number) => (longest > 0 ? (value / longest) * LONGEST_BAR : 0);
          let offset = 0;
          return (
            <g key={row.label}>
              <text x="0" y={top + 13}>
                {row.label}
              </text>
              {row.values.map((value, at) => {
                const x = offset;
                offset += share(value);
                return <rect key={at} class={series[at]?.className} x={`${x}%`} y={top + 19} width={`${share(value)}%`} height="14" />;
              })}
              <text class="value" x={`${offset}%`} dx="6" y={top + 31}>
                {format(totals[index])}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
