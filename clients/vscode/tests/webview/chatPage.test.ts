import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { ChatTurn, HostMessage, ModelsView } from '../../src/chat/pageMessages';
import { ChatPageHarness } from './support/chatPageHarness';

const MODELS: ModelsView = {
  defaultModel: 'auto',
  models: [
    { id: 'auto', label: 'ChatGPT (auto)', available: true, unavailableReason: null },
    { id: 'gpt-4o-mini', label: 'GPT-4o mini', available: true, unavailableReason: null },
    { id: 'local/tiny', label: 'Local tiny', available: false, unavailableReason: 'Set chatSidecar.local.modelPath to a GGUF file.' },
  ],
};

const CODE = 'def count_words(path: str) -> int:\n    total = 0\n    with open(path, encoding="utf-8") as f:\n        for line in f:\n            total += len(line.split())\n    return total\n';
const ANSWER = `## Counting words\n\nUse a \`with\` block so the file is closed even on errors:\n\n\`\`\`python\n${CODE}\`\`\`\n\n- reads one line at a time\n- memory stays flat, even for **huge** files\n`;

function turn(id: string, prompt: string, extra: Partial<ChatTurn> = {}): ChatTurn {
  return { id, prompt, answer: '', status: 'streaming', ...extra };
}

function chunks(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    pieces.push(text.slice(i, i + size));
  }
  return pieces;
}

describe('chat page in headless Chromium', () => {
  let harness: ChatPageHarness;
  const post = (message: HostMessage) => harness.post(message);
  const text = (selector: string) => harness.page.locator(selector).first().innerText();

  before(async () => { harness = await ChatPageHarness.open(); });
  after(async () => { await harness?.close(); });
  beforeEach(async () => {
    await harness.reload();
    await post({ type: 'state', turns: [], models: MODELS, status: { state: 'ready' } });
  });

  test('a streamed answer is rendered as Markdown while it arrives, with highlighted code', async () => {
    const { page } = harness;
    await post({ type: 'turnStarted', turn: turn('t1', 'How do I count words in a file?') });
    await post({ type: 'turnModel', turnId: 't1', model: 'auto' });
    assert.equal(await page.locator('#stop').isVisible(), true);
    assert.equal(await page.locator('#send').isVisible(), false);
    assert.equal(await page.locator('.message.assistant .typing').count(), 1);

    const pieces = chunks(ANSWER, 9);
    const half = Math.floor(pieces.length / 2);
    for (const piece of pieces.slice(0, half)) {
      await post({ type: 'delta', turnId: 't1', text: piece });
    }
    await harness.settle();
    assert.equal(await text('.message.assistant h2'), 'Counting words');
    assert.equal(await page.locator('.message.assistant[data-status="streaming"] .code-block').count(), 1,
      'an unclosed fence already shows as a code block');

    for (const piece of pieces.slice(half)) {
      await post({ type: 'delta', turnId: 't1', text: piece });
    }
    await post({ type: 'turnFinished', turn: turn('t1', 'How do I count words in a file?', { answer: ANSWER, status: 'done', model: 'auto', finishReason: 'stop' }) });

    assert.equal(await text('.message.assistant .author-name'), 'ChatGPT (auto)');
    assert.equal(await page.locator('.message.assistant').getAttribute('data-status'), 'done');
    assert.equal(await page.locator('.message.assistant li').count(), 2);
    assert.equal(await text('.message.assistant li strong'), 'huge');
    assert.equal(await text('.message.assistant p code'), 'with');
    const code = page.locator('.message.assistant pre code.hljs.language-python');
    assert.equal(await code.textContent(), CODE);
    assert.deepEqual(await code.locator('.hljs-keyword').allTextContents(), ['def', 'with', 'as', 'for', 'in', 'return']);
    assert.equal(await text('.code-language'), 'python');
    assert.equal(await page.locator('#send').isVisible(), true);
    assert.equal(await page.locator('#stop').isVisible(), false);
    assert.equal(await page.locator('#welcome').isVisible(), false);
    await harness.screenshot('chat-panel-scripted.png');
  });

  test('Stop asks the extension to stop; the partial answer stays, marked stopped, with Retry', async () => {
    const { page } = harness;
    await post({ type: 'turnStarted', turn: turn('t2', 'Tell me a long story') });
    await post({ type: 'delta', turnId: 't2', text: 'Once upon a time' });
    await page.click('#stop');
    await harness.waitForPosted({ type: 'stop' });
    await post({ type: 'turnFinished', turn: turn('t2', 'Tell me a long story', { answer: 'Once upon a time', status: 'stopped' }) });

    assert.equal(await text('.message.assistant .content'), 'Once upon a time');
    assert.match(await text('.notice.stopped'), /Stopped — the partial answer is kept\./);
    await page.click('.notice.stopped [data-action="retry"]');
    await harness.waitForPosted({ type: 'retry', turnId: 't2' });
  });

  test('Escape in the input stops a streaming answer', async () => {
    await post({ type: 'turnStarted', turn: turn('t3', 'Go on') });
    await harness.page.press('#prompt', 'Escape');
    await harness.waitForPosted({ type: 'stop' });
  });

  test('an error is shown in the conversation with its hint and a Retry action', async () => {
    const { page } = harness;
    await post({ type: 'turnStarted', turn: turn('t4', 'Hi') });
    await post({
      type: 'turnFinished',
      turn: turn('t4', 'Hi', {
        status: 'error', answer: 'Hel',
        error: { type: 'rate_limited', message: 'ChatGPT is rate-limiting this client.', hint: 'Wait about a minute, then press Retry.', retryable: true },
      }),
    });
    assert.equal(await page.locator('.error-box').getAttribute('role'), 'alert');
    assert.equal(await text('.error-message .error-type'), 'rate_limited', 'the error type is shown with the message');
    assert.equal(await text('.error-message'), 'rate_limitedChatGPT is rate-limiting this client.');
    assert.equal(await text('.error-hint'), 'Wait about a minute, then press Retry.');
    assert.equal(await text('.message.assistant .content'), 'Hel');
    await page.click('.error-box [data-action="retry"]');
    await harness.waitForPosted({ type: 'retry', turnId: 't4' });
    await harness.screenshot('chat-panel-error.png');
  });

  test('only the last turn offers Retry', async () => {
    const failed = (id: string) => turn(id, 'q', { status: 'error', error: { type: 'unreachable', message: 'No network.', hint: 'Check the proxy.', retryable: true } });
    await post({ type: 'state', turns: [failed('a'), failed('b')], models: MODELS, status: { state: 'ready' } });
    const visible = await harness.page.locator('[data-action="retry"]').evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).offsetParent !== null));
    assert.deepEqual(visible, [false, true]);
  });

  test('Copy and Insert post the exact code of their block', async () => {
    const { page } = harness;
    const answer = `First:\n\n\`\`\`js\nconsole.log("a < b && c");\n\`\`\`\n\nSecond:\n\n\`\`\`\n${CODE}\`\`\`\n`;
    await post({ type: 'turnStarted', turn: turn('t5', 'Two blocks') });
    await post({ type: 'turnFinished', turn: turn('t5', 'Two blocks', { answer, status: 'done' }) });
    await page.locator('.code-block').nth(0).locator('[data-action="copy"]').click();
    await harness.waitForPosted({ type: 'copy', text: 'console.log("a < b && c");\n' });
    assert.equal(await page.locator('.code-block').nth(0).locator('[data-action="copy"]').innerText(), 'Copied');
    await page.locator('.code-block').nth(1).locator('[data-action="insert"]').click();
    await harness.waitForPosted({ type: 'insert', text: CODE });
    assert.equal(await page.locator('.code-block').nth(1).locator('.code-language').innerText(), 'text');
  });

  test('HTML and script in an answer are shown as text and never run', async () => {
    const { page } = harness;
    const requestsBefore = harness.requests.length;
    const hostile = 'Look: <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">\n\n'
      + '[click me](javascript:window.__pwned=3) <iframe src="http://127.0.0.1:9/"></iframe>\n';
    await post({ type: 'turnStarted', turn: turn('t6', '<b onmouseover="window.__pwned=4">bold?</b>') });
    await post({ type: 'delta', turnId: 't6', text: hostile });
    await post({ type: 'turnFinished', turn: turn('t6', '<b onmouseover="window.__pwned=4">bold?</b>', { answer: hostile, status: 'done' }) });
    await page.getByText('click me').click().catch(() => { /* not a link: nothing to click */ });
    await page.hover('.message.user .content');
    await harness.settle();

    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('#transcript script, #transcript img, #transcript iframe, #transcript b').count(), 0);
    assert.equal(await page.locator('#transcript a[href^="javascript"]').count(), 0);
    const shown = await text('.message.assistant .content');
    assert.ok(shown.includes('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'), shown);
    assert.ok((await text('.message.user .content')).includes('<b onmouseover='));
    // the browser's own favicon request is not the page's doing
    assert.deepEqual(harness.requests.slice(requestsBefore).filter((url) => url !== '/favicon.ico'), []);
  });

  test('Enter sends the question, Shift+Enter makes a new line, a blank question is not sent', async () => {
    const { page } = harness;
    await page.press('#prompt', 'Enter');
    await page.fill('#prompt', 'first line');
    await page.press('#prompt', 'Shift+Enter');
    await page.type('#prompt', 'second line');
    await page.press('#prompt', 'Enter');
    await harness.waitForPosted({ type: 'send', text: 'first line\nsecond line' });
    assert.equal(await page.inputValue('#prompt'), '');
    assert.equal((await harness.posted()).filter((message) => message.type === 'send').length, 1);
    await page.fill('#prompt', 'by button');
    await page.click('#send');
    await harness.waitForPosted({ type: 'send', text: 'by button' });
  });

  test('the model picker starts with the sidecar\'s choice and lists unavailable models disabled with their reason as text', async () => {
    const { page } = harness;
    const options = await page.locator('#model option').evaluateAll((list) =>
      list.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent, disabled: (o as HTMLOptionElement).disabled })));
    assert.deepEqual(options, [
      { value: '', text: "Default (sidecar's choice)", disabled: false },
      { value: 'auto', text: 'ChatGPT (auto)', disabled: false },
      { value: 'gpt-4o-mini', text: 'GPT-4o mini', disabled: false },
      { value: 'local/tiny', text: 'Local tiny — unavailable: Set chatSidecar.local.modelPath to a GGUF file.', disabled: true },
    ]);
    assert.equal(await page.inputValue('#model'), '');
    await page.selectOption('#model', 'gpt-4o-mini');
    await harness.waitForPosted({ type: 'selectModel', model: 'gpt-4o-mini' });
    await page.selectOption('#model', '');
    await harness.waitForPosted({ type: 'selectModel', model: '' });
  });

  test('a reopened page shows the saved turns; New chat asks for a fresh chat and the page empties', async () => {
    const { page } = harness;
    await post({
      type: 'state',
      models: MODELS,
      status: { state: 'ready' },
      turns: [turn('h1', 'Earlier question', { answer: 'Earlier **answer**', status: 'done', model: 'gpt-4o-mini' })],
    });
    assert.equal(await text('.message.assistant strong'), 'answer');
    assert.equal(await text('.message.assistant .author-name'), 'GPT-4o mini');
    await page.click('#new-chat');
    await harness.waitForPosted({ type: 'newChat' });
    await post({ type: 'state', turns: [], models: MODELS, status: { state: 'ready' } });
    assert.equal(await page.locator('.turn').count(), 0);
    assert.equal(await page.locator('#welcome').isVisible(), true);
  });

  test('the sidecar status shows while it is not ready', async () => {
    const { page } = harness;
    await post({ type: 'status', status: { state: 'restarting', message: 'The sidecar stopped unexpectedly (exit code 1); restarting in 1 s…' } });
    assert.equal(await text('#status'), 'The sidecar stopped unexpectedly (exit code 1); restarting in 1 s…');
    assert.equal(await page.locator('#status').getAttribute('data-state'), 'restarting');
    await post({ type: 'status', status: { state: 'ready', message: 'chat-sidecar 0.1.0' } });
    assert.equal(await page.locator('#status').isVisible(), false);
  });

  test('the page works under its Content-Security-Policy without a single violation', async () => {
    await post({ type: 'turnStarted', turn: turn('t7', 'csp') });
    await post({ type: 'turnFinished', turn: turn('t7', 'csp', { answer: '| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```js\nx\n```', status: 'done' }) });
    await harness.settle();
    assert.deepEqual(await harness.violations(), []);
  });
});
