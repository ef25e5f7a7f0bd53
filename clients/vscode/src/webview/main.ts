import type { HostMessage, ModelsView, StatusView } from '../chat/pageMessages';
import { Composer } from './composer';
import { TranscriptView } from './transcript';
import { vscodeApi } from './vscodeApi';

/** The chat page: shows what the extension says (messages switched on `type`) and reports what the user does. */
const vscode = vscodeApi();
let models: ModelsView = { models: [] };

const transcriptRoot = document.getElementById('transcript') as HTMLElement;
const statusLine = document.getElementById('status') as HTMLElement;
const transcript = new TranscriptView(transcriptRoot, document.getElementById('welcome') as HTMLElement, modelLabel);

const savedState = vscode.getState() as { draft?: string } | undefined;
const composer = new Composer({
  send: (text) => vscode.postMessage({ type: 'send', text }),
  stop: () => vscode.postMessage({ type: 'stop' }),
  newChat: () => vscode.postMessage({ type: 'newChat' }),
  selectModel: (model) => vscode.postMessage({ type: 'selectModel', model }),
  draftChanged: (draft) => vscode.setState({ draft }),
}, typeof savedState?.draft === 'string' ? savedState.draft : '');

transcriptRoot.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
  if (!button) {
    return;
  }
  const action = button.dataset.action;
  if (action === 'copy' || action === 'insert') {
    const code = button.closest('.code-block')?.querySelector('code')?.textContent ?? '';
    vscode.postMessage({ type: action, text: code });
    if (action === 'copy') {
      flash(button, 'Copied');
    }
  } else if (action === 'retry') {
    const turnId = transcript.turnIdOf(button);
    if (turnId) {
      vscode.postMessage({ type: 'retry', turnId });
    }
  }
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data as HostMessage;
  if (typeof message !== 'object' || message === null || typeof message.type !== 'string') {
    return;
  }
  switch (message.type) {
    case 'state':
      showModels(message.models);
      transcript.reset(message.turns);
      showStatus(message.status);
      break;
    case 'turnStarted':
      transcript.upsert(message.turn);
      break;
    case 'turnModel':
      transcript.setModel(message.turnId, message.model);
      break;
    case 'delta':
      transcript.appendDelta(message.turnId, message.text);
      break;
    case 'turnFinished':
      transcript.finish(message.turn);
      break;
    case 'cleared':
      transcript.reset([]);
      break;
    case 'models':
      showModels(message.models);
      transcript.relabel();
      break;
    case 'status':
      showStatus(message.status);
      break;
  }
  composer.setBusy(transcript.hasStreamingTurn);
});

vscode.postMessage({ type: 'ready' });

function showModels(view: ModelsView): void {
  models = view;
  composer.showModels(view);
}

function modelLabel(modelId: string | undefined): string {
  const id = modelId ?? models.selected ?? models.defaultModel;
  return models.models.find((model) => model.id === id)?.label ?? id ?? 'Assistant';
}

function showStatus(status: StatusView): void {
  statusLine.hidden = status.state === 'ready' || !status.message;
  statusLine.textContent = status.message ?? '';
  statusLine.dataset.state = status.state;
}

function flash(button: HTMLButtonElement, text: string): void {
  const original = button.textContent;
  button.textContent = text;
  button.disabled = true;
  setTimeout(() => {
    button.textContent = original;
    button.disabled = false;
  }, 1200);
}
