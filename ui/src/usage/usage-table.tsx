import type { ComponentChildren } from 'preact';
import { formatCount, formatUsd } from '../common/format';
import type { UsageRow } from './usage-summary';

/** Every figure of the rows (the charts' text alternative), with extra columns when given (a caller's budget and limits). */
export function UsageTable({
  caption,
  heading,
  rows,
  extra,
}: {
  caption: string;
  heading: string;
  rows: UsageRow[];
  extra?: { headings: string[]; cells(row: UsageRow): ComponentChildren[] };
}) {
  return (
    <div class="table-scroll" tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col">Requests</th>
            <th scope="col">Input tokens</th>
            <th scope="col">Output tokens</th>
            <th scope="col">Cached input</th>
            <th scope="col">Spend</th>
            {extra?.headings.map((title) => (
              <th key={title} scope="col">
                {title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{formatCount(row.requests)}</td>
              <td>{formatCount(row.inputTokens)}</td>
              <td>{formatCount(row.outputTokens)}</td>
              <td>{formatCount(row.cacheReadTokens)}</td>
              <td>{formatUsd(row.costUsd)}</td>
              {extra?.cells(row).map((cell, at) => (
                <td key={at} class="text">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
