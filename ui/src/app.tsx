import { AuthControls } from './auth/auth-controls';
import type { OidcSignIn } from './auth/oidc-sign-in';
import type { UiSettings } from './auth/ui-settings';
import { navigate, PAGE_PATHS, usePage, type Page } from './common/router';
import { PlaygroundPage } from './playground/playground-page';
import { StatusPage } from './status/status-page';

const PAGE_TITLES: Record<Page, string> = { playground: 'Playground', status: 'Status' };

export function App({ settings, signIn, notice }: { settings: UiSettings; signIn: OidcSignIn | undefined; notice: string | undefined }) {
  const page = usePage();
  document.title = `${PAGE_TITLES[page]} · LLM Gateway`;
  return (
    <>
      <header class="top">
        <span class="brand">LLM Gateway</span>
        <nav aria-label="Pages">
          {(Object.keys(PAGE_PATHS) as Page[]).map((candidate) => (
            <a
              key={candidate}
              href={PAGE_PATHS[candidate]}
              aria-current={candidate === page ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate(PAGE_PATHS[candidate]);
              }}
            >
              {PAGE_TITLES[candidate]}
            </a>
          ))}
        </nav>
        {settings.authEnabled && <AuthControls signIn={signIn} />}
      </header>
      <main>
        {notice && (
          <p class="error" role="alert">
            {notice}
          </p>
        )}
        {page === 'status' ? <StatusPage /> : <PlaygroundPage />}
      </main>
    </>
  );
}
