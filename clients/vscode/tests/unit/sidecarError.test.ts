import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionError, ConnectionErrors, ErrorCodes, ResponseError } from 'vscode-jsonrpc';
import { SidecarError, toSidecarError } from '../../src/sidecar/sidecarError';

test("an error response keeps the sidecar's code and data", () => {
  const data = { type: 'rate_limited', message: 'Too many requests.', hint: 'Wait a minute.', retryable: true, retryAfterMs: 37000, httpStatus: 429 };
  const error = toSidecarError(new ResponseError(-32012, 'Too many requests.', data));
  assert.ok(error instanceof SidecarError);
  assert.equal(error.code, -32012);
  assert.deepEqual(error.data, data);
  assert.equal(error.cancelled, false);
});

test('a cancelled response is recognised and keeps its partial text', () => {
  const error = toSidecarError(new ResponseError(-32800, 'cancelled', { type: 'cancelled', message: 'Cancelled.', hint: '', retryable: true, partialText: 'Hel' }), 'Hel');
  assert.equal(error.cancelled, true);
  assert.equal(error.data.partialText, 'Hel');
});

test('text streamed before a failure becomes the partial text when the sidecar did not send one', () => {
  const error = toSidecarError(new ResponseError(-32015, 'cut', { type: 'upstream_error', message: 'Cut.', hint: 'Retry.', retryable: true }), 'so far');
  assert.equal(error.data.partialText, 'so far');
});

test('a lost connection becomes sidecar_stopped with what was streamed', () => {
  const pending = toSidecarError(new ResponseError(ErrorCodes.PendingResponseRejected, 'Pending response rejected since connection got disposed'), 'abc');
  assert.equal(pending.data.type, 'sidecar_stopped');
  assert.equal(pending.data.partialText, 'abc');
  assert.equal(pending.data.retryable, true);
  assert.match(pending.data.hint, /Retry/);
  const closed = toSidecarError(new ConnectionError(ConnectionErrors.Disposed, 'Connection is disposed.'));
  assert.equal(closed.data.type, 'sidecar_stopped');
  assert.equal(closed.data.partialText, undefined);
});

test('an error response without data still gets a message and a hint', () => {
  const error = toSidecarError(new ResponseError(-32601, 'Unhandled method chat/complete'));
  assert.equal(error.data.type, 'protocol_error');
  assert.match(error.data.message, /-32601.*Unhandled method/);
  assert.ok(error.data.hint.length > 0);
});

test('any other failure is reported as the sidecar being unavailable', () => {
  const error = toSidecarError(new Error('could not run "java"'));
  assert.equal(error.data.type, 'sidecar_unavailable');
  assert.equal(error.data.message, 'could not run "java"');
});
