import { AuthControls } from './auth/auth-controls';
import type { OidcSignIn } from './auth/oidc-sign-in';
import type { UiSettings } from './auth/ui-settings';
import { navigate, PAGE_PATHS, usePage, type Page } from './common/router';
import { PlaygroundPage } from './playground/playground-page';
import { StatusPage } from './status/status-page';
import { LazyUsagePage } from './usage/lazy-usage-page';

const PAGE_TITLES: Record<Page, string> = { playground: 'Playground', status: 'Status', usage: 'Usage' };
const PAGES: Page[] = ['playground', 'status', 'usage'];

function pageContent(page: Page) {
  if (page === 'status') return <StatusPage />;
  if (page === 'usage') return <LazyUsagePage />;
  return <PlaygroundPage />;
}

export function App({ settings, signIn, notice }: { settings: UiSettings; signIn: OidcSignIn | undefined; notice: string | undefined }) {
  const page = usePage();
  document.title = `${PAGE_TITLES[page]} · LLM Gateway`;
  return (
    <>
      <header class="top">
        <span class="brand">LLM Gateway</span>
        <nav aria-label="Pages">
          {/* Usage is listed where the gateway keeps it (an access file); its address still explains itself elsewhere. */}
          {PAGES.filter((candidate) => candidate !== 'usage' || settings.usage || page === 'usage').map((candidate) => (
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
        {pageContent(page)}
      </main>
    </>
  );
}
