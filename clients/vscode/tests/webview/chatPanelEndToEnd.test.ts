import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChatController } from '../../src/chat/chatController';
import { memoryHistory } from '../../src/chat/chatHistory';
import type { HostMessage } from '../../src/chat/pageMessages';
import { SidecarSupervisor } from '../../src/sidecar/sidecarSupervisor';
import { eventually, FakeBackend } from '../integration/support/fakeBackend';
import { sidecarLaunch } from '../integration/support/sidecarJars';
import { ChatPageHarness } from './support/chatPageHarness';

/**
 * The whole chat as a user meets it, minus VS Code: the real page in Chromium, the extension's
 * controller and session in Node, the real sidecar jar, and the fake chatgpt.com behind it.
 */
describe('chat panel end to end: page ↔ controller ↔ sidecar jar ↔ fake backend', { timeout: 180_000 }, () => {
  let fake: FakeBackend;
  let sidecar: SidecarSupervisor;
  let chat: ChatController;
  let harness: ChatPageHarness;
  const editorActions: string[] = [];
  let picked: string | undefined;
  const hostMessages: HostMessage[] = [];
  const finishedCount = () => hostMessages.filter((message) => message.type === 'turnFinished').length;

  before(async () => {
    // pieces 40 ms apart, so the answer visibly streams
    fake = await FakeBackend.start('--chunk-delay-ms', '40');
    sidecar = new SidecarSupervisor({
      launch: sidecarLaunch,
      settings: () => ({ chatgpt: { baseUrl: fake.baseUrl }, openai: { baseUrl: `${fake.baseUrl}/v1` } }),
      log: () => undefined,
    });
    let delivery = Promise.resolve();
    chat = new ChatController({
      transport: sidecar,
      history: memoryHistory(),
      host: {
        // in order, like VS Code's postMessage
        post: (message: HostMessage) => {
          hostMessages.push(message);
          // a page already closed at the end of the run cannot take messages any more; nothing to check then
          delivery = delivery.then(() => harness?.post(message)).catch(() => undefined);
        },
        copy: (text) => { editorActions.push(`copy:${text}`); },
        insert: (text) => { editorActions.push(`insert:${text}`); },
        selectedModel: () => picked,
        selectModel: (model) => { picked = model || undefined; },
        log: () => undefined,
      },
    });
    sidecar.onStatus((status) => void chat.setStatus(status));
    harness = await ChatPageHarness.open({ viewport: { width: 460, height: 620 }, toExtension: (message) => chat.handle(message) });
    await sidecar.connection();
    await harness.page.waitForFunction(() => (document.getElementById('model') as HTMLSelectElement).options.length > 1);
  });
  after(async () => {
    await harness?.close();
    await sidecar?.stop();
    await fake?.stop();
  });

  /** Sends `prompt` from the page and waits until its turn is shown (so `:last-child` is that turn). */
  const ask = async (prompt: string) => {
    const before = await harness.page.locator('.turn').count();
    await harness.page.fill('#prompt', prompt);
    await harness.page.press('#prompt', 'Enter');
    await harness.page.waitForFunction((count) => document.querySelectorAll('.turn').length > count, before);
  };
  const lastAnswer = () => harness.page.locator('.message.assistant').last();

  test('a question typed in the page streams back a Markdown answer with highlighted code', async () => {
    const { page } = harness;
    assert.equal(await page.inputValue('#model'), '', "the sidecar's choice");
    await ask('Show me a greeting function in Python [[markdown]]');

    await page.waitForSelector('.message.assistant[data-status="streaming"] .content:not(.empty)');
    assert.equal(await page.locator('#stop').isVisible(), true, 'Stop is offered while the answer streams');
    await harness.screenshot('chat-panel-streaming.png');

    await page.waitForSelector('.message.assistant[data-status="done"]', { timeout: 30_000 });
    const answer = lastAnswer();
    assert.equal(await answer.locator('.author-name').innerText(), 'ChatGPT (auto)');
    assert.equal(await answer.locator('h1').innerText(), 'Fake answer');
    assert.deepEqual(await answer.locator('li').allInnerTexts(), ['first item', 'second item with inline_code()']);
    assert.equal(await answer.locator('li code').innerText(), 'inline_code()');
    const code = answer.locator('pre code.hljs.language-python');
    assert.equal(await code.textContent(), 'def greet(name):\n    return "Hello, " + name\n');
    assert.deepEqual(await code.locator('.hljs-keyword').allTextContents(), ['def', 'return']);
    assert.equal(await code.locator('.hljs-string').innerText(), '"Hello, "');
    assert.match(await answer.locator('.turn-meta').innerText(), /^\d+(\.\d)? m?s$/, 'the elapsed time follows the answer');
    await harness.screenshot('chat-panel.png');

    await answer.locator('[data-action="insert"]').click();
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'insert'));
    assert.deepEqual(editorActions, ['insert:def greet(name):\n    return "Hello, " + name\n']);
  });

  test('a follow-up continues the same conversation', async () => {
    await ask('and in Java?');
    await harness.page.waitForSelector('.turn:nth-of-type(2) .message.assistant[data-status="done"]', { timeout: 30_000 });
    assert.equal(await lastAnswer().locator('.content').innerText(), 'You said: and in Java? (turn 2)');
  });

  test('Stop ends a long answer at once and keeps what arrived', async () => {
    const { page } = harness;
    await ask('Tell me everything [[slow]]');
    await page.waitForFunction(() => (document.querySelector('.turn:last-child .message.assistant .content')?.textContent ?? '').startsWith('w1 w2 w3'));
    await page.click('#stop');
    await page.waitForSelector('.turn:last-child .message.assistant[data-status="stopped"]', { timeout: 10_000 });
    const kept = await lastAnswer().locator('.content').innerText();
    assert.match(kept, /^w1 w2 w3/);
    assert.doesNotMatch(kept, /w60/);
    assert.equal(chat.session.snapshot.at(-1)?.answer.trim(), kept.trim());
    assert.match(await lastAnswer().locator('.notice.stopped').innerText(), /partial answer is kept/);
  });

  test('an upstream refusal shows its message and hint; Retry asks again', async () => {
    const { page } = harness;
    await ask('Hello [[error:429]]');
    await page.waitForSelector('.turn:last-child .error-box', { timeout: 30_000 });
    assert.match(await lastAnswer().locator('.error-message').innerText(), /rate-limiting/);
    assert.match(await lastAnswer().locator('.error-hint').innerText(), /37 s/);
    const retry = lastAnswer().locator('[data-action="retry"]');
    assert.match(await retry.innerText(), /^Retry in 3[0-7] s$/, 'Retry waits for the Retry-After the backend sent');
    assert.equal(await retry.isDisabled(), true);
    const postsBefore = (await fake.stats()).counts.conversation;
    const finishedBefore = finishedCount();
    // the countdown itself is covered by the page tests; here the retry goes through as the enabled button sends it
    await chat.handle({ type: 'retry', turnId: chat.session.snapshot.at(-1)?.id ?? '' });
    await eventually('the retried turn to finish', finishedCount, (count) => count > finishedBefore, 30_000);
    await page.waitForSelector('.turn:last-child .error-box', { timeout: 30_000 });
    const turns = chat.session.snapshot;
    assert.equal(turns.at(-1)?.status, 'error');
    assert.equal(turns.filter((turn) => turn.prompt === 'Hello [[error:429]]').length, 1, 'Retry must reuse the turn');
    assert.ok((await fake.stats()).counts.conversation > postsBefore, 'Retry did not reach the backend');
  });

  test('an OpenAI-compatible model picked in the page answers with its token usage under the answer', async () => {
    const { page } = harness;
    await page.waitForFunction(() => Array.from((document.getElementById('model') as HTMLSelectElement).options).some((o) => o.value === 'openai/fake-gpt' && !o.disabled),
      undefined, { timeout: 30_000 });
    await page.selectOption('#model', 'openai/fake-gpt');
    await eventually('the OpenAI model to be picked', () => picked, (model) => model === 'openai/fake-gpt');
    await ask('Count for me [[chunks:4]]');
    await page.waitForSelector('.turn:last-child .message.assistant[data-status="done"]', { timeout: 30_000 });
    assert.match(await lastAnswer().locator('.turn-meta').innerText(), /^\d+(\.\d)? m?s · \d+ tokens \(\d+ in, 4 out\)$/);
    await page.selectOption('#model', '');
    await eventually('the default model to be picked again', () => picked, (model) => model === undefined);
  });

  test('HTML in a real answer is shown as text and never runs', async () => {
    const { page } = harness;
    await ask('Show me some HTML [[html]]');
    await page.waitForSelector('.turn:last-child .message.assistant[data-status="done"]', { timeout: 30_000 });
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await lastAnswer().locator('script, img').count(), 0);
    const shown = await lastAnswer().locator('.content').innerText();
    assert.ok(shown.includes('<script>window.__pwned=1</script>'), shown);
    assert.deepEqual(await harness.violations(), []);
  });
});
