import { formatMs, formatTime } from '../common/format';
import type { ProviderStatus } from './status-types';

/** Configured providers: whether their model list loaded, when, how fast, or why not. */
export function ProviderTable({ providers }: { providers: ProviderStatus[] }) {
  return (
    <div class="table-scroll" tabIndex={0}>
      <table>
        <caption>Configured providers</caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Model list</th>
            <th scope="col">Fetched</th>
            <th scope="col">Latency</th>
          </tr>
        </thead>
        <tbody>
          {providers.map((provider) => (
            <tr key={provider.id} data-testid={`provider-${provider.id}`}>
              <th scope="row">{provider.id}</th>
              <td>
                <ModelListCell provider={provider} />
              </td>
              <td>{provider.models.fetched_at ? formatTime(provider.models.fetched_at) : '—'}</td>
              <td>{provider.models.latency_ms === undefined ? '—' : formatMs(provider.models.latency_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ModelListCell({ provider }: { provider: ProviderStatus }) {
  const { models } = provider;
  if (models.state === 'ok') return <span class="badge ok">up · {models.count === 1 ? '1 model' : `${models.count ?? 0} models`}</span>;
  if (models.state === 'error') {
    return (
      <>
        <span class="badge down">down</span> <span class="reason">{models.error}</span>
      </>
    );
  }
  return <span class="badge">not fetched yet</span>;
}
