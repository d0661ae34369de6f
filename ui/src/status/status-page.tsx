import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error';
import { useToken } from '../auth/use-token';
import { loadStatus, type StatusSnapshot } from './load-status';
import { ProviderTable } from './provider-table';
import { RouteGroupTable } from './route-group-table';
import type { RouteGroupStatus } from './status-types';

/** Version, readiness, each provider's model list, and the routing file's aliases with each deployment's breaker. */
export function StatusPage() {
  const { token } = useToken();
  const [snapshot, setSnapshot] = useState<StatusSnapshot>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(() => {
    setLoading(true);
    void loadStatus()
      .then((loaded) => {
        setSnapshot(loaded);
        setError(undefined);
      })
      .catch((reason: unknown) => setError(reason instanceof ApiError ? reason.describe() : String(reason)))
      .finally(() => setLoading(false));
  }, []);
  useEffect(refresh, [refresh, token]);

  const configured = snapshot?.status.providers.filter((provider) => provider.configured) ?? [];
  const unconfigured = snapshot?.status.providers.filter((provider) => !provider.configured) ?? [];
  return (
    <div class="status" aria-busy={loading}>
      <div class="page-header">
        <h1>Status</h1>
        <button type="button" onClick={refresh} disabled={loading}>
          Refresh
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {snapshot && (
        <>
          <dl class="facts">
            <dt>Version</dt>
            <dd>{snapshot.status.version}</dd>
            <dt>Readiness</dt>
            <dd>
              {snapshot.readiness.ready ? <span class="badge ok">ready</span> : <span class="badge down">not ready</span>}
              {snapshot.readiness.reasons.length > 0 && <span class="reason"> {snapshot.readiness.reasons.join('; ')}</span>}
            </dd>
          </dl>
          {configured.length > 0 ? <ProviderTable providers={configured} /> : <p>No provider is configured: set a provider's key (see the README).</p>}
          {unconfigured.length > 0 && (
            <details>
              <summary>Not configured ({unconfigured.length})</summary>
              <ul>
                {unconfigured.map((provider) => (
                  <li key={provider.id}>
                    <strong>{provider.id}</strong>: {provider.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <RoutingSection title="Routing aliases" groups={snapshot.status.aliases} />
          <RoutingSection title="Routes" groups={snapshot.status.routes} />
        </>
      )}
    </div>
  );
}

/** The groups of the routing file, one table each; nothing without a routing file. */
function RoutingSection({ title, groups }: { title: string; groups: RouteGroupStatus[] | undefined }) {
  if (!groups?.length) return null;
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {groups.map((group) => (
        <RouteGroupTable key={group.name} group={group} />
      ))}
    </section>
  );
}
