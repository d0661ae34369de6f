import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The Usage page, its code loaded the first time it is shown: most visits never open it, and the first one stays small. */
export function LazyUsagePage() {
  const [Page, setPage] = useState<FunctionComponent>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    import('./usage-page').then(
      (module) => setPage(() => module.UsagePage),
      (reason: unknown) => setError(String(reason)),
    );
  }, []);
  if (error) {
    return (
      <p class="error" role="alert">
        The Usage page could not be loaded: {error}
      </p>
    );
  }
  return Page ? <Page /> : <p aria-busy="true">Loading…</p>;
}
