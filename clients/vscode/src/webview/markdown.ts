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

interface RenderEnv {
  /** The text ends inside a fence that is still being written: its block gets no actions yet. */
  openFence?: boolean;
}

md.renderer.rules.fence = (tokens, index, _options, env: RenderEnv) => {
  const token = tokens[index];
  const language = token.info.trim().split(/\s+/)[0] ?? '';
  const last = !tokens.slice(index + 1).some((later) => later.type === 'fence' || later.type === 'code_block');
  return codeBlock(token.content, language, env.openFence === true && last);
};

md.renderer.rules.code_block = (tokens, index) => codeBlock(tokens[index].content, '', false);

const ACTIONS: [action: string, label: string, title: string][] = [
  ['copy', 'Copy', 'Copy code'],
  ['insert', 'Insert', 'Insert at the cursor in the editor'],
  ['apply', 'Apply', 'Review the change in a diff of the active file, then accept or discard it'],
  ['newFile', 'New file', 'Open in a new untitled editor'],
];

/**
 * A fenced code block with its language and Copy / Insert / Apply / New file buttons (handled by
 * the page, by `data-action`); disabled while the block is still streaming.
 */
function codeBlock(code: string, language: string, streaming: boolean): string {
  const known = language !== '' && hljs.getLanguage(language) !== undefined;
  const body = known
    ? hljs.highlight(code, { language, ignoreIllegals: true }).value
    : md.utils.escapeHtml(code);
  const label = md.utils.escapeHtml(language || 'text');
  const languageClass = known ? ` language-${md.utils.escapeHtml(language)}` : '';
  const buttons = ACTIONS.map(([action, text, title]) => `<button type="button" class="code-action" data-action="${action}" `
    + `title="${streaming ? 'Available once the block is complete' : title}"${streaming ? ' disabled' : ''}>${text}</button>`).join('');
  return `<div class="code-block${streaming ? ' streaming' : ''}" data-language="${md.utils.escapeHtml(language)}">`
    + `<div class="code-toolbar"><span class="code-language">${label}</span><span class="code-actions">${buttons}</span></div>`
    + `<pre><code class="hljs${languageClass}">${body}</code></pre>`
    + '</div>';
}

/**
 * Markdown to safe HTML, with highlighted code blocks. `streaming`: the text is still growing, so
 * a code block whose fence is not closed yet is shown without actions.
 */
export function renderMarkdown(text: string, streaming = false): string {
  const env: RenderEnv = { openFence: streaming && endsInOpenFence(text) };
  return md.render(text, env);
}

/** True when `text` ends inside a fenced code block (an opening ``` or ~~~ line without its closing line). */
export function endsInOpenFence(text: string): boolean {
  let open: { char: string; length: number } | undefined;
  for (const line of text.split('\n')) {
    const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!fence) {
      continue;
    }
    const [, marker, rest] = fence;
    if (!open) {
      if (!(marker[0] === '`' && rest.includes('`'))) {
        open = { char: marker[0], length: marker.length };
      }
    } else if (marker[0] === open.char && marker.length >= open.length && rest.trim() === '') {
      open = undefined;
    }
  }
  return open !== undefined;
}
