/**
 * A model name or a glob of model names, as an access file writes them: `*` stands for any run of
 * characters, slashes included (`openai/*` covers `openai/gpt-4o`, `openrouter/*` covers
 * `openrouter/meta-llama/llama-3`), `?` for one character. Matching ignores case, as model ids do
 * on this gateway.
 */
export interface ModelPattern {
  readonly source: string;
  matches(model: string): boolean;
}

export function toModelPattern(source: string): ModelPattern {
  const lower = source.toLowerCase();
  if (!/[*?]/.test(lower)) return { source, matches: (model) => model.toLowerCase() === lower };
  const body = lower
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const regex = new RegExp(`^${body}$`, 's');
  return { source, matches: (model) => regex.test(model.toLowerCase()) };
}

/** Whether any of the patterns matches any of the names. */
export function matchesAny(patterns: readonly ModelPattern[], names: readonly string[]): boolean {
  return patterns.some((pattern) => names.some((name) => pattern.matches(name)));
}
