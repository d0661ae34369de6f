/**
 * A section for status data the gateway may add (routing aliases, usage): shown only when the
 * status answer has it, as a table of its entries when it is a list of records, else as JSON.
 */
export function ExtraSection({ title, data }: { title: string; data: unknown }) {
  if (data === undefined || data === null) return null;
  const rows = Array.isArray(data) && data.every((row) => typeof row === 'object' && row !== null) ? (data as Array<Record<string, unknown>>) : undefined;
  const columns = rows ? [...new Set(rows.flatMap((row) => Object.keys(row)))] : [];
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {rows ? (
        <div class="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={index}>
                  {columns.map((column) => (
                    <td key={column}>{show(row[column])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <pre tabIndex={0}>{JSON.stringify(data, null, 2)}</pre>
      )}
    </section>
  );
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? '—';
}
