import { randomBytes } from 'node:crypto';

/** Where the page's files come from, as the webview sees them. */
export interface PageResources {
  /** The origin the webview serves local files from (`webview.cspSource`). */
  cspSource: string;
  /** A fresh random value per page load; only scripts carrying it run. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The chat page. Its Content-Security-Policy allows nothing by default: the one bundled script
 * runs because it carries the nonce, the stylesheet and images come only from the extension, and
 * no inline script, inline handler, frame or network request is possible — a last line of
 * defence behind the Markdown renderer, which already escapes any HTML in an answer.
 */
export function chatPageHtml(resources: PageResources): string {
  const csp = [
    "default-src 'none'",
    `img-src ${resources.cspSource} data:`,
    `style-src ${resources.cspSource}`,
    `font-src ${resources.cspSource}`,
    `script-src 'nonce-${resources.nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(resources.styleUri)}">
<title>Chat</title>
</head>
<body>
<main id="transcript" aria-live="polite" aria-label="Conversation">
  <section id="welcome" class="welcome">
    <h2>Chat Sidecar</h2>
    <p>Ask anything. Answers stream in as they are written.</p>
    <p class="tip">Select code in an editor and run <strong>Chat Sidecar: Ask About Selection</strong> to ask about it.</p>
  </section>
</main>
<div id="status" class="status" role="status" hidden></div>
<form id="composer" class="composer">
  <textarea id="prompt" rows="1" aria-label="Message" placeholder="Ask a question… (Shift+Enter for a new line)"></textarea>
  <div class="composer-bar">
    <select id="model" aria-label="Model" title="Model"></select>
    <span class="spacer"></span>
    <button type="button" id="new-chat" class="secondary" title="Start a new chat">New chat</button>
    <button type="submit" id="send" title="Send (Enter)">Send</button>
    <button type="button" id="stop" class="stop" title="Stop (Escape)" hidden>Stop</button>
  </div>
</form>
<script nonce="${attr(resources.nonce)}" src="${attr(resources.scriptUri)}"></script>
</body>
</html>
`;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
