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
<header class="chat-bar">
  <button type="button" id="history-toggle" class="icon-button" aria-expanded="false" aria-controls="history" title="Chats of this workspace">Chats</button>
  <span id="chat-title" class="chat-title"></span>
  <button type="button" id="new-chat" class="icon-button" title="Start a new chat (this one stays in the history)">New chat</button>
</header>
<nav id="history" class="history" aria-label="Chats" hidden><ul id="history-list"></ul></nav>
<main id="transcript" aria-label="Conversation">
  <section id="welcome" class="welcome">
    <h2>Chat Sidecar</h2>
    <p>Ask anything. Answers stream in as they are written.</p>
    <p class="tip">Attach files with <strong>+</strong> or <strong>#file</strong>, or select code and run <strong>Chat Sidecar: Ask About Selection</strong>.</p>
  </section>
</main>
<div id="announcer" class="visually-hidden" aria-live="polite"></div>
<div id="status" class="status" role="status" hidden><span id="status-text"></span><button type="button" id="status-action" class="link-button" hidden></button></div>
<form id="composer" class="composer">
  <ul id="chips" class="chips" aria-label="Attached" hidden></ul>
  <textarea id="prompt" rows="1" aria-label="Message" aria-autocomplete="list" aria-controls="file-suggestions" placeholder="Ask a question… (#file to attach)"></textarea>
  <ul id="file-suggestions" class="suggestions" role="listbox" aria-label="Files" hidden></ul>
  <div id="attach-menu" class="attach-menu" role="menu" hidden>
    <button type="button" role="menuitem" data-attach="attachCurrentFile">Current file</button>
    <button type="button" role="menuitem" data-attach="attachSelection">Selection</button>
    <button type="button" role="menuitem" data-attach="pickFiles">Files…</button>
  </div>
  <div class="composer-bar">
    <button type="button" id="attach" class="icon-button" aria-haspopup="menu" aria-expanded="false" title="Attach the current file, the selection or other files">+</button>
    <select id="model" aria-label="Model" title="Model"></select>
    <button type="submit" id="send" title="Send (Enter)">Send</button>
    <button type="button" id="stop" class="stop" title="Stop (Escape)" hidden>Stop</button>
  </div>
  <div id="model-note" class="model-note" hidden></div>
</form>
<script nonce="${attr(resources.nonce)}" src="${attr(resources.scriptUri)}"></script>
</body>
</html>
`;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
