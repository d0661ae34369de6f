import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/**
 * Model output as HTML. Model output is untrusted: micromark escapes raw HTML (it is shown as
 * text, `allowDangerousHtml` stays off) and drops `javascript:` and other unsafe link protocols,
 * so the result only holds the tags Markdown itself produces. GFM adds tables, strikethrough,
 * task lists and autolinks.
 */
export function renderMarkdown(text: string): string {
  return micromark(text, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}
