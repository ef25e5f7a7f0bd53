import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chatPageHtml, createNonce } from '../../src/chat/pageHtml';

const resources = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abc123', scriptUri: 'https://x/chat.js', styleUri: 'https://x/chat.css' };

function csp(html: string): string {
  const match = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
  assert.ok(match, 'no CSP meta tag');
  return match[1];
}

test('the policy allows only the nonce script and extension resources', () => {
  const policy = csp(chatPageHtml(resources));
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /script-src 'nonce-abc123'(;|$)/);
  assert.match(policy, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net(;|$)/);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*/);
});

test('the one script carries the nonce; there is no inline script', () => {
  const html = chatPageHtml(resources);
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.deepEqual(scripts, ['<script nonce="abc123" src="https://x/chat.js">']);
  assert.match(html, /<\/script>\s*<\/body>/);
});

test('attribute values are escaped', () => {
  const html = chatPageHtml({ ...resources, scriptUri: 'https://x/a"b<c>.js' });
  assert.ok(html.includes('src="https://x/a&quot;b&lt;c&gt;.js"'));
});

test('nonces are long and differ per page', () => {
  const nonces = new Set(Array.from({ length: 50 }, createNonce));
  assert.equal(nonces.size, 50);
  for (const nonce of nonces) {
    assert.match(nonce, /^[A-Za-z0-9+/]{24}$/);
  }
});
