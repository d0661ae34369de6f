import { useEffect, useState } from 'preact/hooks';

/** The UI's pages, by path under /ui/. */
export type Page = 'playground' | 'status';

export const PAGE_PATHS: Record<Page, string> = { playground: '/ui/', status: '/ui/status' };

function pageOf(path: string): Page {
  return path.replace(/\/+$/, '') === '/ui/status' ? 'status' : 'playground';
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
