import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyCodeBlock } from '../../src/chat/codeApply';

const FILE = 'import os\n\ndef greet(name):\n    print("hi " + name)\n    return None\n\ndef other():\n    pass\n';

test('a selection is replaced by the block', () => {
  const start = FILE.indexOf('print');
  const end = FILE.indexOf('\n', start);
  const applied = applyCodeBlock({ text: FILE, selectionStart: start, selectionEnd: end }, 'print(f"hi {name}")\n');
  assert.equal(applied.how, 'selection');
  assert.equal(applied.text, FILE.replace('print("hi " + name)', 'print(f"hi {name}")'));
});

test('a rewritten function replaces the lines from its signature to its matching last line', () => {
  const block = 'def greet(name):\n    print(f"hi {name}")\n    return None\n';
  const applied = applyCodeBlock({ text: FILE, selectionStart: 0, selectionEnd: 0 }, block);
  assert.equal(applied.how, 'matched');
  assert.equal(applied.text, 'import os\n\ndef greet(name):\n    print(f"hi {name}")\n    return None\n\ndef other():\n    pass\n');
});

test('a block that matches nothing is inserted at the cursor', () => {
  const cursor = FILE.length;
  const applied = applyCodeBlock({ text: FILE, selectionStart: cursor, selectionEnd: cursor }, 'def added():\n    pass');
  assert.equal(applied.how, 'cursor');
  assert.equal(applied.text, `${FILE}def added():\n    pass\n`);
});

test('a short first line (a lone brace) is no anchor', () => {
  const applied = applyCodeBlock({ text: 'a\n}\nb\n', selectionStart: 0, selectionEnd: 0 }, '}\nc\n');
  assert.equal(applied.how, 'cursor');
});
