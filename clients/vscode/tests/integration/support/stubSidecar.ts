// A stand-in sidecar (Node, LSP framing on stdio) for what the real jar may not do yet (HELPERS.md
// decisions 1 and 2): after its first `chat/models` it marks a model ready and sends
// `chat/modelsChanged`; `chat/complete` reasons first (reports with `reasoning` and an empty
// `delta`), then answers, and returns the reasoning and token usage in the result.
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const connection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
let checked = false;
connection.onRequest('initialize', () => ({ serverInfo: { name: 'models-changing-stub' }, capabilities: {} }));
connection.onNotification('initialized', () => undefined);
connection.onRequest('chat/models', () => {
  const models = [{
    id: 'local/tiny', label: 'Local tiny', provider: 'local', available: checked,
    status: checked ? 'ready' : 'unchecked', unavailableReason: null,
  }];
  if (!checked) {
    checked = true;
    setTimeout(() => void connection.sendNotification('chat/modelsChanged', {}), 50);
  }
  return { models, defaultModel: 'local/tiny' };
});
connection.onRequest('chat/complete', async (params: { workDoneToken?: string }) => {
  const token = params.workDoneToken ?? '';
  const reports = [{ reasoning: 'Two and ', delta: '' }, { reasoning: 'two…', delta: '' }, { delta: 'Four' }, { delta: '.' }];
  await connection.sendNotification('$/progress', { token, value: { kind: 'begin', title: 'chat', model: 'local/tiny' } });
  for (const [index, report] of reports.entries()) {
    await connection.sendNotification('$/progress', { token, value: { kind: 'report', seq: index + 1, ...report } });
  }
  await connection.sendNotification('$/progress', { token, value: { kind: 'end', finishReason: 'stop' } });
  return {
    text: 'Four.', model: 'local/tiny', finishReason: 'stop', reasoning: 'Two and two…',
    usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
  };
});
connection.onRequest('shutdown', () => null);
// STUB_EXIT_DELAY_MS: the time the real JVM may take to end (writing its class-data archive)
const exitDelayMs = Number(process.env.STUB_EXIT_DELAY_MS ?? 0);
connection.onNotification('exit', () => { setTimeout(() => process.exit(0), exitDelayMs); });
connection.listen();
