import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chatPageHtml, createNonce } from '../../../src/chat/pageHtml';
import type { HostMessage, PageMessage } from '../../../src/chat/pageMessages';

declare global {
  interface Window {
    __posted: PageMessage[];
    __violations: string[];
    __pwned?: unknown;
    __toExtension?: (message: PageMessage) => Promise<void>;
  }
}

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const ROOT = path.join(__dirname, '..', '..', '..', '..');
const PAGE_FILES = path.join(ROOT, 'dist', 'webview');
export const RESULTS = path.join(ROOT, 'test-results');

/** Stands in for VS Code: records what the page posts and keeps its state. Runs before the page's script. */
const VSCODE_STUB = `
  window.__posted = [];
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => {
      window.__posted.push(message);
      if (window.__toExtension) window.__toExtension(message);
    },
    getState: () => state,
    setState: (next) => { state = next; },
  });
`;

/**
 * The real chat page (built bundle, the HTML and CSP the extension serves) in headless Chromium,
 * served from 127.0.0.1 the way VS Code serves it from its resource origin.
 */
export class ChatPageHarness {
  private constructor(
    /** Every path the page asked the server for. */
    readonly requests: string[],
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly server: http.Server,
    private readonly profile: string,
  ) {}

  /**
   * Opens the page. With `toExtension`, every message the page posts is also handed to it (in
   * Node), as VS Code hands webview messages to the extension.
   */
  static async open(options: { viewport?: { width: number; height: number }; toExtension?: (message: PageMessage) => unknown } = {}):
    Promise<ChatPageHarness> {
    const viewport = options.viewport ?? { width: 440, height: 720 };
    assert.ok(existsSync(CHROMIUM), `Chromium is missing at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium).`);
    assert.ok(existsSync(path.join(PAGE_FILES, 'chat.js')), `The page bundle is missing in ${PAGE_FILES}: run "npm run build".`);
    const requests: string[] = [];
    const server = http.createServer((request, response) => {
      const url = request.url ?? '/';
      requests.push(url);
      const origin = `http://${request.headers.host}`;
      if (url === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(chatPageHtml({ cspSource: origin, nonce: createNonce(), scriptUri: `${origin}/chat.js`, styleUri: `${origin}/chat.css` }));
      } else if (url === '/chat.js' || url === '/chat.css') {
        response.writeHead(200, { 'content-type': url.endsWith('.js') ? 'text/javascript' : 'text/css' });
        response.end(readFileSync(path.join(PAGE_FILES, url.slice(1))));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    const profile = mkdtempSync(path.join(os.tmpdir(), 'chat-page-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport, deviceScaleFactor: 1,
    });
    const page = context.pages()[0] ?? await context.newPage();
    await page.addInitScript(VSCODE_STUB);
    const toExtension = options.toExtension;
    if (toExtension) {
      await page.exposeFunction('__toExtension', async (message: PageMessage) => { await toExtension(message); });
    }
    const harness = new ChatPageHarness(requests, page, context, server, profile);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.__posted.some((message) => message.type === 'ready'));
    return harness;
  }

  /** A fresh page load (same browser): the page starts empty and says `ready` again. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.waitForFunction(() => window.__posted.some((message) => message.type === 'ready'));
  }

  /**
   * Delivers a message from "the extension" to the page and waits until the page has handled it:
   * a marker posted right after it arrives only once the message's own event has been dispatched.
   */
  async post(message: HostMessage): Promise<void> {
    await this.page.evaluate((m) => new Promise<void>((resolve) => {
      const marker = `handled-${Math.random()}`;
      const onMessage = (event: MessageEvent) => {
        if (event.data === marker) {
          window.removeEventListener('message', onMessage);
          resolve();
        }
      };
      window.addEventListener('message', onMessage);
      window.postMessage(m, '*');
      window.postMessage(marker, '*');
    }), message);
  }

  async posted(): Promise<PageMessage[]> {
    return this.page.evaluate(() => window.__posted);
  }

  /** Waits until the page has posted a message equal to `expected`. */
  async waitForPosted(expected: PageMessage): Promise<void> {
    await this.page.waitForFunction((wanted) => window.__posted.some((m) => JSON.stringify(m) === JSON.stringify(wanted)), expected);
  }

  async violations(): Promise<string[]> {
    return this.page.evaluate(() => window.__violations);
  }

  /** Waits for rendering (deltas are drawn once per animation frame). */
  async settle(): Promise<void> {
    await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, name);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.context.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.profile, { recursive: true, force: true });
  }
}
