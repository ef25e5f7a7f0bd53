import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContextBasket, MAX_ATTACHED_CHARS, attachmentText } from '../../src/chat/contextAttachments';
import { languageIdOfFence } from '../../src/chat/fenceLanguage';

test('chips are added once, removed by id, and become the text sent after the question', () => {
  const basket = new ContextBasket();
  assert.equal(basket.attachments(), undefined);
  assert.equal(basket.add({ path: 'src/a.ts', language: 'typescript', text: 'const a = 1;\n' }), true);
  assert.equal(basket.add({ path: 'src/a.ts', language: 'typescript', text: 'const a = 1;\n' }), false);
  basket.add({ path: 'src/b.py', language: 'python', text: 'x = 1\ny = 2', lines: { start: 3, end: 4 } });
  assert.deepEqual(basket.view.map(({ kind, label }) => [kind, label]), [['file', 'src/a.ts'], ['selection', 'src/b.py:3-4']]);
  assert.deepEqual(basket.attachments(), {
    labels: ['src/a.ts', 'src/b.py:3-4'],
    text: 'From `src/a.ts`:\n\n```typescript\nconst a = 1;\n```\n\nFrom `src/b.py` (lines 3–4):\n\n```python\nx = 1\ny = 2\n```\n',
  });
  basket.remove(basket.view[0].id);
  assert.deepEqual(basket.view.map((item) => item.label), ['src/b.py:3-4']);
});

test('a huge file is cut and says so; backticks in a file cannot close its fence', () => {
  const text = attachmentText({ path: 'big.log', text: 'x'.repeat(MAX_ATTACHED_CHARS + 10) });
  assert.match(text, /^From `big.log` — only the first 60000 characters:/);
  assert.ok(text.length < MAX_ATTACHED_CHARS + 100);
  assert.match(attachmentText({ path: 'r.md', text: 'a ``` b' }), /^From `r.md`:\n\n````\na ``` b\n````\n$/);
});

test('fence tags map to VS Code language ids it knows, else plain text', () => {
  const known = ['python', 'typescript', 'shellscript', 'plaintext'];
  assert.equal(languageIdOfFence('py', known), 'python');
  assert.equal(languageIdOfFence('TS', known), 'typescript');
  assert.equal(languageIdOfFence('bash', known), 'shellscript');
  assert.equal(languageIdOfFence('klingon', known), 'plaintext');
  assert.equal(languageIdOfFence('', known), 'plaintext');
});
