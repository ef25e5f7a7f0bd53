import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exponentialBackoff } from '../../src/sidecar/backoff';

test('delays double from the initial delay and stop at the cap', () => {
  const backoff = exponentialBackoff(500, 5000);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((attempt) => backoff.delayMs(attempt)), [500, 1000, 2000, 4000, 5000, 5000]);
});

test('the default starts at half a second and caps at thirty', () => {
  const backoff = exponentialBackoff();
  assert.equal(backoff.delayMs(1), 500);
  assert.equal(backoff.delayMs(20), 30_000);
});

test('nonsense parameters are refused', () => {
  assert.throws(() => exponentialBackoff(0), RangeError);
  assert.throws(() => exponentialBackoff(1000, 500), RangeError);
  assert.throws(() => exponentialBackoff(100, 1000, 0.5), RangeError);
});
