// A stand-in sidecar (Node, LSP framing on stdio) for the one thing the real jar may not do yet:
// after its first `chat/models` it marks a model ready and sends `chat/modelsChanged`.
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
connection.onRequest('shutdown', () => null);
connection.onNotification('exit', () => process.exit(0));
connection.listen();
