import { useEffect, useState } from 'preact/hooks';

/** The UI's pages, by path under /ui/. */
export type Page = 'playground' | 'status' | 'usage';

export const PAGE_PATHS: Record<Page, string> = { playground: '/ui/', status: '/ui/status', usage: '/ui/usage' };

function pageOf(path: string): Page {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '/ui/status') return 'status';
  if (trimmed === '/ui/usage') return 'usage';
  return 'playground';
}

export function navigate(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current page, following history navigation (links and the back button). */
export function usePage(): Page {
  const [page, setPage] = useState(() => pageOf(location.pathname));
  useEffect(() => {
    const update = () => setPage(pageOf(location.pathname));
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return page;
}
