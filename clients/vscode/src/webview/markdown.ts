import hljs from 'highlight.js/lib/common';
import MarkdownIt from 'markdown-it';

/**
 * Answers are untrusted text: `html: false` makes markdown-it escape any HTML in them, and its
 * link check drops `javascript:`, `vbscript:`, `file:` and `data:` links.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

// Table alignment comes as style="text-align:…", which the page's CSP (no inline styles) blocks: use classes.
md.core.ruler.push('alignment_classes', (state) => {
  for (const token of state.tokens) {
    const style = token.attrGet('style');
    const align = style ? /^text-align:(left|right|center)$/.exec(style)?.[1] : undefined;
    if (style !== null) {
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
      if (align) {
        token.attrJoin('class', `align-${align}`);
      }
    }
  }
});

md.renderer.rules.fence = (tokens, index) => {
  const token = tokens[index];
  const language = token.info.trim().split(/\s+/)[0] ?? '';
  return codeBlock(token.content, language);
};

md.renderer.rules.code_block = (tokens, index) => codeBlock(tokens[index].content, '');

/** A fenced code block with its language and Copy / Insert buttons (handled by the page, by `data-action`). */
function codeBlock(code: string, language: string): string {
  const known = language !== '' && hljs.getLanguage(language) !== undefined;
  const body = known
    ? hljs.highlight(code, { language, ignoreIllegals: true }).value
    : md.utils.escapeHtml(code);
  const label = md.utils.escapeHtml(language || 'text');
  const languageClass = known ? ` language-${md.utils.escapeHtml(language)}` : '';
  return '<div class="code-block">'
    + `<div class="code-toolbar"><span class="code-language">${label}</span>`
    + '<button type="button" class="code-action" data-action="copy" title="Copy code">Copy</button>'
    + '<button type="button" class="code-action" data-action="insert" title="Insert at the cursor in the editor">Insert</button>'
    + '</div>'
    + `<pre><code class="hljs${languageClass}">${body}</code></pre>`
    + '</div>';
}

/** Markdown to safe HTML, with highlighted code blocks. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}
