import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectionPrompt } from '../../src/chat/selectionPrompt';

test('the question comes first, then the file, the lines and the fenced code', () => {
  const prompt = selectionPrompt('Why is this slow?', {
    fileName: 'src/sum.py', language: 'python', startLine: 3, endLine: 5, text: 'def sum(xs):\n    return reduce(add, xs)\n',
  });
  assert.equal(prompt, 'Why is this slow?\n\nFrom `src/sum.py` (lines 3–5):\n\n```python\ndef sum(xs):\n    return reduce(add, xs)\n```\n');
});

test('a single line is named as one line', () => {
  const prompt = selectionPrompt('What is x?', { fileName: 'a.ts', language: 'typescript', startLine: 7, endLine: 7, text: 'let x = 1;' });
  assert.match(prompt, /\(line 7\):/);
});

test('the fence is longer than any backtick run in the code', () => {
  const prompt = selectionPrompt('Explain', { fileName: 'README.md', language: 'markdown', startLine: 1, endLine: 3, text: '```js\nx\n```' });
  assert.ok(prompt.includes('````markdown\n```js\nx\n```\n````\n'), prompt);
});

test('a blank question becomes the default one, and odd language ids are dropped', () => {
  const prompt = selectionPrompt('  ', { fileName: 'f', language: 'a b`c', startLine: 1, endLine: 2, text: 'x' });
  assert.ok(prompt.startsWith('Explain this code.\n\n'), prompt);
  assert.ok(prompt.includes('```\nx\n```'), prompt);
});
