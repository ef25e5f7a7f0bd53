import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { ChatTurn, HostMessage, ModelsView } from '../../src/chat/pageMessages';
import { ChatPageHarness } from './support/chatPageHarness';

const MODELS: ModelsView = {
  defaultModel: 'auto',
  models: [
    { id: 'auto', label: 'ChatGPT (auto)', available: true, unavailableReason: null },
    { id: 'local/tiny', label: 'Local tiny', available: false, unavailableReason: 'local.modelPath is not set' },
    { id: 'openai/new', label: 'OpenAI new', available: true, unavailableReason: null, status: 'unchecked' },
  ],
};

function turn(id: string, extra: Partial<ChatTurn> = {}): ChatTurn {
  return { id, prompt: 'q', answer: '', status: 'streaming', ...extra };
}

describe('chat page: answers, errors, context and chats', () => {
  let harness: ChatPageHarness;
  const post = (message: HostMessage) => harness.post(message);

  before(async () => { harness = await ChatPageHarness.open({ viewport: { width: 360, height: 640 } }); });
  after(async () => { await harness?.close(); });
  beforeEach(async () => {
    await harness.reload();
    await post({ type: 'state', turns: [], models: MODELS, status: { state: 'ready' } });
  });

  test('bug 2: why a picked model is unavailable is shown as text under the composer', async () => {
    const { page } = harness;
    assert.equal(await page.locator('#model-note').isVisible(), false);
    await post({ type: 'models', models: { ...MODELS, selected: 'local/tiny' } });
    assert.equal(await page.locator('#model-note').innerText(), 'Local tiny is unavailable: local.modelPath is not set');
    assert.equal(await page.locator('#model option[value="openai/new"]').textContent(), 'OpenAI new (not checked yet)');
  });

  test('bug 3: a sidecar that cannot start says what is wrong, offers the setting that fixes it, and the picker is not empty', async () => {
    const { page } = harness;
    await post({ type: 'state', turns: [], models: { models: [] }, status: { state: 'starting', message: 'Starting the chat sidecar…' } });
    await post({
      type: 'status',
      status: { state: 'failed', message: 'The sidecar jar was not found (looked at /x/server/chat-sidecar.jar).', setting: 'server.jarPath' },
    });
    assert.equal(await page.locator('#status-text').innerText(), 'The sidecar jar was not found (looked at /x/server/chat-sidecar.jar).');
    assert.equal(await page.locator('#status-action').innerText(), 'Open setting chatSidecar.server.jarPath');
    await page.click('#status-action');
    await harness.waitForPosted({ type: 'openSetting', setting: 'server.jarPath' });
    const options = await page.locator('#model option').allTextContents();
    assert.deepEqual(options, ["Default (sidecar's choice)", 'No models: the sidecar is not running']);
    await post({ type: 'status', status: { state: 'failed', message: 'The chat sidecar failed 5 times in a row: exit code 1' } });
    assert.equal(await page.locator('#status-action').innerText(), 'Restart sidecar');
    await page.click('#status-action');
    await harness.waitForPosted({ type: 'restartSidecar' });
  });

  test('bug 4: Retry only when the error is retryable; retryAfterMs counts down, then enables it', async () => {
    const { page } = harness;
    const error = { type: 'invalid_request', message: 'Bad model name.', hint: 'Pick another model.', retryable: false };
    await post({ type: 'turnStarted', turn: turn('e1') });
    await post({ type: 'turnFinished', turn: turn('e1', { status: 'error', error }) });
    assert.equal(await page.locator('[data-action="retry"]').count(), 0);
    assert.equal(await page.locator('.error-type').innerText(), 'invalid_request');

    const limited = { type: 'rate_limited', message: 'Slow down.', hint: 'Wait.', retryable: true, retryAfterMs: 2500, at: Date.now() };
    await post({ type: 'turnStarted', turn: turn('e2') });
    await post({ type: 'turnFinished', turn: turn('e2', { status: 'error', error: limited }) });
    const retry = page.locator('.turn:last-child [data-action="retry"]');
    assert.match(await retry.innerText(), /^Retry in [1-3] s$/);
    assert.equal(await retry.isDisabled(), true);
    await page.waitForFunction(() => {
      const button = document.querySelector<HTMLButtonElement>('.turn:last-child [data-action="retry"]');
      return button && !button.disabled && button.textContent === 'Retry';
    }, undefined, { timeout: 20_000 });
    await retry.click();
    await harness.waitForPosted({ type: 'retry', turnId: 'e2' });
  });

  test('bug 5: Copy, Insert, Apply and New file are disabled on a code block that is still streaming', async () => {
    const { page } = harness;
    await post({ type: 'turnStarted', turn: turn('s1') });
    await post({ type: 'delta', turnId: 's1', text: 'Here:\n\n```js\nconst a = 1;\n' });
    await harness.settle();
    const buttons = page.locator('.message.assistant .code-block .code-action');
    assert.deepEqual(await buttons.evaluateAll((list) => list.map((b) => (b as HTMLButtonElement).disabled)), [true, true, true, true]);
    await buttons.first().click({ force: true });
    await post({ type: 'delta', turnId: 's1', text: '```\n\nDone' });
    await harness.settle();
    assert.deepEqual(await buttons.evaluateAll((list) => list.map((b) => (b as HTMLButtonElement).disabled)), [false, false, false, false]);
    await page.locator('.message.assistant [data-action="apply"]').click();
    await harness.waitForPosted({ type: 'apply', text: 'const a = 1;\n', language: 'js' });
    await page.locator('.message.assistant [data-action="newFile"]').click();
    await harness.waitForPosted({ type: 'newFile', text: 'const a = 1;\n', language: 'js' });
    assert.equal((await harness.posted()).filter((m) => m.type === 'copy').length, 0, 'a disabled Copy posted nothing');
  });

  test('bug 6: the transcript is not a live region, finished blocks are kept while streaming, the answer is announced once', async () => {
    const { page } = harness;
    assert.equal(await page.locator('#transcript').getAttribute('aria-live'), null);
    await post({ type: 'turnStarted', turn: turn('a1') });
    await post({ type: 'delta', turnId: 'a1', text: 'First paragraph.\n\nSecond' });
    await harness.settle();
    await page.evaluate(() => { (document.querySelector('.message.assistant .content p') as HTMLElement & { marked?: boolean }).marked = true; });
    const announcements: string[] = await page.evaluate(() => {
      const seen: string[] = [];
      new MutationObserver(() => seen.push(document.getElementById('announcer')?.textContent ?? ''))
        .observe(document.getElementById('announcer') as HTMLElement, { childList: true, characterData: true, subtree: true });
      (window as unknown as { __announced: string[] }).__announced = seen;
      return seen;
    });
    assert.deepEqual(announcements, []);
    for (const piece of [' paragraph', ' grows', '.']) {
      await post({ type: 'delta', turnId: 'a1', text: piece });
      await harness.settle();
    }
    await post({ type: 'turnFinished', turn: turn('a1', { status: 'done', answer: 'First paragraph.\n\nSecond paragraph grows.', model: 'auto' }) });
    await harness.settle();
    const kept = await page.evaluate(() => (document.querySelector('.message.assistant .content p') as HTMLElement & { marked?: boolean }).marked === true);
    assert.equal(kept, true, 'the finished first paragraph was rebuilt');
    assert.equal(await page.locator('.message.assistant .content p').nth(1).innerText(), 'Second paragraph grows.');
    const announced = await page.evaluate(() => (window as unknown as { __announced: string[] }).__announced);
    assert.deepEqual(announced, ['ChatGPT (auto) answered: First paragraph.\n\nSecond paragraph grows.']);
    assert.equal(await page.locator('#announcer').getAttribute('aria-live'), 'polite');
  });

  test('reasoning streams into a collapsed "Thinking" section; time and tokens follow the answer', async () => {
    const { page } = harness;
    await post({ type: 'turnStarted', turn: turn('r1') });
    assert.equal(await page.locator('.thinking').isVisible(), false);
    await post({ type: 'reasoning', turnId: 'r1', text: 'Considering ' });
    await post({ type: 'reasoning', turnId: 'r1', text: 'options.' });
    assert.equal(await page.locator('.thinking summary').innerText(), 'Thinking');
    assert.equal(await page.locator('.thinking').getAttribute('open'), null, 'collapsed');
    assert.equal(await page.locator('.thinking-text').isVisible(), false);
    await page.click('.thinking summary');
    assert.equal(await page.locator('.thinking-text').innerText(), 'Considering options.');
    await post({
      type: 'turnFinished',
      turn: turn('r1', { status: 'done', answer: 'Yes.', reasoning: 'Considering options.', elapsedMs: 2430, usage: { promptTokens: 12, completionTokens: 30, totalTokens: 42 } }),
    });
    assert.equal(await page.locator('.turn-meta').innerText(), '2.4 s · 42 tokens (12 in, 30 out)');
  });

  test('context: chips show what the next question carries and can be removed; #file completes workspace files', async () => {
    const { page } = harness;
    await post({ type: 'context', items: [{ id: 'x1', kind: 'file', label: 'src/app.ts' }, { id: 'x2', kind: 'selection', label: 'src/util.ts:3-9' }] });
    assert.deepEqual(await page.locator('#chips .chip-label').allInnerTexts(), ['src/app.ts', 'src/util.ts:3-9']);
    await page.click('#chips [aria-label="Remove src/util.ts:3-9"]');
    await harness.waitForPosted({ type: 'removeContext', id: 'x2' });

    await page.click('#attach');
    await page.click('#attach-menu [data-attach="attachCurrentFile"]');
    await harness.waitForPosted({ type: 'attachCurrentFile' });

    await page.fill('#prompt', '');
    await page.type('#prompt', 'Explain #file:ma');
    await harness.waitForPosted({ type: 'findFiles', query: 'ma' });
    await post({ type: 'fileSuggestions', query: 'ma', files: ['src/main.ts', 'src/markdown.ts'] });
    assert.deepEqual(await page.locator('#file-suggestions [role="option"]').allInnerTexts(), ['src/main.ts', 'src/markdown.ts']);
    await page.press('#prompt', 'ArrowDown');
    await page.press('#prompt', 'Enter');
    await harness.waitForPosted({ type: 'attachFile', path: 'src/markdown.ts' });
    assert.equal(await page.inputValue('#prompt'), 'Explain ');
    assert.equal(await page.locator('#file-suggestions').isVisible(), false);
    assert.equal((await harness.posted()).filter((m) => m.type === 'send').length, 0, 'Enter picked the file, it did not send');
  });

  test('chats: the history lists title and date; a chat opens or is deleted; the question shows its attachments', async () => {
    const { page } = harness;
    const now = Date.now();
    await post({ type: 'chats', currentId: 'c2', chats: [
      { id: 'c2', title: 'How do I parse JSON?', updatedAt: now },
      { id: 'c1', title: 'Explain this regex', updatedAt: now - 3 * 86_400_000 },
    ] });
    assert.equal(await page.locator('#chat-title').innerText(), 'How do I parse JSON?');
    assert.equal(await page.locator('#history').isVisible(), false);
    await page.click('#history-toggle');
    assert.deepEqual(await page.locator('.history-title').allInnerTexts(), ['How do I parse JSON?', 'Explain this regex']);
    assert.match(await page.locator('.history-date').nth(1).innerText(), /\d{4}/, 'an older chat shows its date');
    await page.click('[aria-label="Delete \\"Explain this regex\\""]');
    await harness.waitForPosted({ type: 'deleteChat', chatId: 'c1' });
    await page.click('.history-open[data-open="c1"]');
    await harness.waitForPosted({ type: 'openChat', chatId: 'c1' });
    assert.equal(await page.locator('#history').isVisible(), false);

    await post({ type: 'turnStarted', turn: turn('k1', { prompt: 'Explain', context: ['src/app.ts'] }) });
    assert.deepEqual(await page.locator('.message.user .chip').allInnerTexts(), ['src/app.ts']);
  });

  test('the new parts keep the page free of CSP violations', async () => {
    assert.deepEqual(await harness.violations(), []);
  });
});
