import type { HostMessage, StatusView } from '../chat/pageMessages';
import { Composer } from './composer';
import { byId } from './dom';
import { HistoryView } from './historyView';
import { ModelPicker } from './modelPicker';
import { TranscriptView } from './transcript';
import { vscodeApi } from './vscodeApi';

/** The chat page: shows what the extension says (messages switched on `type`) and reports what the user does. */
const vscode = vscodeApi();
const post = vscode.postMessage.bind(vscode);

const transcriptRoot = byId('transcript');
const picker = new ModelPicker(byId('model'), byId('model-note'), (model) => post({ type: 'selectModel', model }));
const transcript = new TranscriptView(transcriptRoot, byId('welcome'), byId('announcer'), (model) => picker.label(model));
const history = new HistoryView(post);
const savedState = vscode.getState() as { draft?: string } | undefined;
const composer = new Composer({ post, draftChanged: (draft) => vscode.setState({ draft }) },
  typeof savedState?.draft === 'string' ? savedState.draft : '');
const statusText = byId('status-text');
const statusAction = byId<HTMLButtonElement>('status-action');
let status: StatusView = { state: 'starting' };

const CODE_ACTIONS = new Set(['copy', 'insert', 'apply', 'newFile']);

transcriptRoot.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
  if (!button || button.disabled) {
    return;
  }
  const action = button.dataset.action ?? '';
  if (CODE_ACTIONS.has(action)) {
    const block = button.closest<HTMLElement>('.code-block');
    const text = block?.querySelector('code')?.textContent ?? '';
    const language = block?.dataset.language ?? '';
    if (action === 'copy' || action === 'insert') {
      post({ type: action, text });
    } else if (action === 'apply' || action === 'newFile') {
      post({ type: action, text, language });
    }
    if (action === 'copy') {
      flash(button, 'Copied');
    }
  } else if (action === 'retry') {
    const turnId = transcript.turnIdOf(button);
    if (turnId) {
      post({ type: 'retry', turnId });
    }
  }
});

statusAction.addEventListener('click', () => {
  if (status.setting) {
    post({ type: 'openSetting', setting: status.setting });
  } else {
    post({ type: 'restartSidecar' });
  }
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data as HostMessage;
  if (typeof message !== 'object' || message === null || typeof message.type !== 'string') {
    return;
  }
  handle(message);
  composer.setBusy(transcript.hasStreamingTurn);
});

post({ type: 'ready' });

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'state':
      picker.show(message.models);
      transcript.reset(message.turns);
      showStatus(message.status);
      return;
    case 'turnStarted':
      return transcript.upsert(message.turn);
    case 'turnModel':
      return transcript.setModel(message.turnId, message.model);
    case 'delta':
      return transcript.appendDelta(message.turnId, message.text);
    case 'reasoning':
      return transcript.appendReasoning(message.turnId, message.text);
    case 'turnFinished':
      return transcript.finish(message.turn);
    case 'cleared':
      return transcript.reset([]);
    case 'models':
      picker.show(message.models);
      return transcript.relabel();
    case 'status':
      return showStatus(message.status);
    case 'chats':
      return history.show(message.chats, message.currentId);
    case 'context':
      return composer.showContext(message.items);
    case 'fileSuggestions':
      return composer.files.show(message.query, message.files);
    case 'focus':
      return composer.focus();
  }
}

/** The status line while the sidecar is not ready, with the action that fixes it. */
function showStatus(next: StatusView): void {
  status = next;
  picker.setStatus(next);
  const line = byId('status');
  line.hidden = next.state === 'ready' || !next.message;
  line.dataset.state = next.state;
  statusText.textContent = next.message ?? '';
  statusAction.hidden = next.state !== 'failed';
  statusAction.textContent = next.setting ? `Open setting chatSidecar.${next.setting}` : 'Restart sidecar';
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
