import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { ChatTurn, HostMessage, ModelsView } from '../../src/chat/pageMessages';
import { ChatPageHarness } from './support/chatPageHarness';

const MODELS: ModelsView = {
  defaultModel: 'auto',
  models: [
    { id: 'auto', label: 'ChatGPT (auto)', available: true, unavailableReason: null },
    { id: 'openai/gpt-4o-mini-2024-07-18', label: 'OpenAI gpt-4o-mini-2024-07-18', available: true, unavailableReason: null },
    { id: 'local/tiny', label: 'Local tiny', available: false, unavailableReason: 'local.modelPath is not set' },
  ],
};

const QUESTION = 'Why does this fail?\n\n```python\nresult = compute_the_total_of_every_invoice_line(invoices, include_tax=True, currency="EUR")\n```\n';
const ANSWER = '**Short answer:** the call passes `currency` as a keyword the function does not take.\n\n'
  + '```python\ndef compute_the_total_of_every_invoice_line(invoices, include_tax=False):\n    return sum(line.total for invoice in invoices for line in invoice.lines)\n```\n\n'
  + '- drop `currency`, or\n- add it to the signature\n';

function turns(): ChatTurn[] {
  return [{
    id: 'l1', prompt: QUESTION, answer: ANSWER, status: 'done', model: 'auto', finishReason: 'stop',
    context: ['src/billing/invoices.py', 'src/billing/totals.py:12-40'], elapsedMs: 2400,
    usage: { promptTokens: 812, completionTokens: 64, totalTokens: 876 }, reasoning: 'The error names an unexpected keyword.',
  }];
}

/** Everything in `selector` must end inside the page's width (wide code scrolls in its own box). */
async function overflowing(harness: ChatPageHarness, selector: string): Promise<string[]> {
  return harness.page.evaluate((root) => {
    const width = document.documentElement.clientWidth;
    const scrollers = new Set<Element>();
    const bad: string[] = [];
    for (const node of Array.from(document.querySelectorAll(`${root}, ${root} *`))) {
      if (node.closest('pre') && node.tagName !== 'PRE') {
        continue; // inside a code box that scrolls
      }
      const box = node.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 0.5 && ![...scrollers].some((s) => s.contains(node))) {
        bad.push(`${node.tagName.toLowerCase()}.${node.className} right=${Math.round(box.right)} > ${width}`);
      }
      if (getComputedStyle(node).overflowX === 'auto') {
        scrollers.add(node);
      }
    }
    return bad;
  }, selector);
}

for (const width of [260, 600]) {
  describe(`chat page at ${width} px`, () => {
    let harness: ChatPageHarness;
    after(async () => { await harness?.close(); });

    const open = async () => {
      harness = await ChatPageHarness.open({ viewport: { width, height: 640 } });
      const messages: HostMessage[] = [
        { type: 'state', turns: turns(), models: { ...MODELS, selected: 'openai/gpt-4o-mini-2024-07-18' }, status: { state: 'ready' } },
        { type: 'chats', chats: [{ id: 'c1', title: 'Why does this fail?', updatedAt: Date.now() }], currentId: 'c1' },
        { type: 'context', items: [{ id: 'x1', kind: 'file', label: 'src/billing/invoices.py' }] },
      ];
      for (const message of messages) {
        await harness.post(message);
      }
      await harness.settle();
    };

    test('bug 1: Send, New chat and the picker fit; nothing in the transcript or composer runs off the edge', async () => {
      await open();
      const { page } = harness;
      const viewport = await page.evaluate(() => document.documentElement.clientWidth);
      const send = await page.locator('#send').boundingBox();
      assert.ok(send && send.x >= 0 && send.x + send.width <= viewport, `Send is cut off: ${JSON.stringify(send)} in ${viewport}`);
      const newChat = await page.locator('#new-chat').evaluate((button) => ({
        height: button.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(button).lineHeight),
        right: button.getBoundingClientRect().right,
      }));
      assert.ok(newChat.height < newChat.lineHeight * 1.8, `"New chat" wraps: ${JSON.stringify(newChat)}`);
      assert.ok(newChat.right <= viewport, '"New chat" is cut off');
      assert.deepEqual(await overflowing(harness, '#transcript'), []);
      assert.deepEqual(await overflowing(harness, '#composer'), []);
      assert.deepEqual(await overflowing(harness, '.chat-bar'), []);
      await harness.screenshot(`chat-panel-${width}.png`);
    });

    test('bug 1: code in the user\'s message wraps inside its box, so none of it is clipped', async () => {
      const box = await harness.page.locator('.message.user pre').evaluate((node) => {
        const bubble = (node.closest('.content') as HTMLElement).getBoundingClientRect();
        return { scrollWidth: node.scrollWidth, clientWidth: node.clientWidth, right: node.getBoundingClientRect().right, bubble: bubble.right };
      });
      assert.ok(box.right <= box.bubble, `the code sticks out of the question's box: ${JSON.stringify(box)}`);
      assert.ok(box.scrollWidth <= box.clientWidth, `part of the question's code is hidden: ${JSON.stringify(box)}`);
      assert.match(await harness.page.locator('.message.user pre code').innerText(), /currency="EUR"\)/);
    });

    test('the history, Thinking, #file suggestions and an unavailable model\'s reason fit as well', async () => {
      const { page } = harness;
      const now = Date.now();
      await harness.post({ type: 'chats', currentId: 'c1', chats: [
        { id: 'c1', title: 'Why does this fail?', updatedAt: now },
        { id: 'c2', title: 'How do I parse JSON in Java without a library?', updatedAt: now - 5 * 86_400_000 },
      ] });
      await harness.post({ type: 'models', models: { ...MODELS, selected: 'local/tiny' } });
      await page.click('.thinking summary');
      await page.click('#history-toggle');
      await page.fill('#prompt', 'see #file:bil');
      await page.type('#prompt', 'l');
      await page.waitForFunction(() => window.__posted.some((m) => m.type === 'findFiles' && m.query === 'bill'));
      await harness.post({ type: 'fileSuggestions', query: 'bill', files: ['src/billing/invoices.py', 'src/billing/totals.py'] });
      for (const part of ['#history', '#composer', '.chat-bar', '#transcript']) {
        assert.deepEqual(await overflowing(harness, part), [], part);
      }
      assert.equal(await page.locator('#model-note').innerText(), 'Local tiny is unavailable: local.modelPath is not set');
      await harness.screenshot(`chat-panel-${width}-history.png`);
    });
  });
}
