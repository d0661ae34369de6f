import { useState } from 'preact/hooks';
import type { ChatRequest } from '../api/wire-types';
import { SNIPPET_LABELS, toSnippet, type SnippetLanguage } from './code-snippets';

const LANGUAGES = Object.keys(SNIPPET_LABELS) as SnippetLanguage[];

/** The request Send makes (or made last), as code to run elsewhere. */
export function CodeView({ request }: { request: ChatRequest | undefined }) {
  const [language, setLanguage] = useState<SnippetLanguage>('curl');
  return (
    <details class="code-view">
      <summary>Code</summary>
      {request ? (
        <>
          <div role="tablist" aria-label="Code language">
            {LANGUAGES.map((candidate) => (
              <button
                key={candidate}
                type="button"
                role="tab"
                id={`code-tab-${candidate}`}
                aria-selected={candidate === language}
                aria-controls="code-panel"
                onClick={() => setLanguage(candidate)}
              >
                {SNIPPET_LABELS[candidate]}
              </button>
            ))}
          </div>
          <pre id="code-panel" role="tabpanel" aria-labelledby={`code-tab-${language}`} tabIndex={0}>
            <code>{toSnippet(language, request, location.origin)}</code>
          </pre>
        </>
      ) : (
        <p>Choose a model and type a message to see the request as code.</p>
      )}
    </details>
  );
}
