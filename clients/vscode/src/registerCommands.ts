import * as vscode from 'vscode';
import type { ChatController } from './chat/chatController';
import { DEFAULT_SELECTION_QUESTION, selectionPrompt } from './chat/selectionPrompt';
import { editorContext } from './editorContext';
import type { ChatViewBridge } from './registerChatView';
import type { SidecarSupervisor } from './sidecar/sidecarSupervisor';
import { selectedModel, selectModel } from './vscodeSettings';

/** The `chatSidecar.*` commands of the palette, menus and keybindings. */
export function registerCommands(context: vscode.ExtensionContext, chat: ChatController, view: ChatViewBridge,
  supervisor: SidecarSupervisor, output: vscode.OutputChannel): void {
  const commands: Record<string, () => unknown> = {
    'chatSidecar.openChat': () => view.reveal().then(() => view.post({ type: 'focus' })),
    'chatSidecar.askAboutSelection': () => askAboutSelection(chat, view),
    'chatSidecar.attachCurrentFile': () => attach(chat, view, editorContext.currentFile(), 'Open a file first, then attach it.'),
    'chatSidecar.attachSelection': () => attach(chat, view, editorContext.currentSelection(), 'Select some code first, then attach it.'),
    'chatSidecar.pickModel': () => pickModel(chat),
    'chatSidecar.stop': () => chat.session.stop(),
    'chatSidecar.newChat': () => chat.newChat(),
    'chatSidecar.showHistory': () => showHistory(chat, view),
    'chatSidecar.showLog': () => output.show(true),
    'chatSidecar.restartServer': () => supervisor.restart().catch((error: Error) => {
      void vscode.window.showErrorMessage(`Chat Sidecar could not restart: ${error.message}`);
    }),
  };
  for (const [id, run] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  }
}

async function attach(chat: ChatController, view: ChatViewBridge, attached: ReturnType<typeof editorContext.currentFile>, missing: string) {
  if (!attached) {
    void vscode.window.showInformationMessage(missing);
    return;
  }
  chat.attach(attached);
  await view.reveal();
  view.post({ type: 'focus' });
}

async function askAboutSelection(chat: ChatController, view: ChatViewBridge): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('Select some code first, then ask about it.');
    return;
  }
  if (chat.session.busy) {
    void vscode.window.showInformationMessage('An answer is still streaming; stop it or wait before asking again.');
    return;
  }
  const question = await vscode.window.showInputBox({
    title: 'Ask about the selection',
    prompt: 'What do you want to know about the selected code?',
    value: DEFAULT_SELECTION_QUESTION,
  });
  if (question === undefined) {
    return;
  }
  const { selection, document } = editor;
  const prompt = selectionPrompt(question, {
    fileName: vscode.workspace.asRelativePath(document.uri),
    language: document.languageId,
    startLine: selection.start.line + 1,
    endLine: selection.end.line + (selection.end.character === 0 && selection.end.line > selection.start.line ? 0 : 1),
    text: document.getText(selection),
  });
  await view.reveal();
  await chat.session.send(prompt, selectedModel());
}

async function showHistory(chat: ChatController, view: ChatViewBridge): Promise<void> {
  const chats = chat.chatList;
  if (chats.length === 0) {
    void vscode.window.showInformationMessage('No chats yet.');
    return;
  }
  const picked = await vscode.window.showQuickPick(chats.map((summary) => ({
    label: summary.title, description: new Date(summary.updatedAt).toLocaleString(), id: summary.id,
  })), { title: 'Chat Sidecar: Open Chat from History', matchOnDescription: true });
  if (picked) {
    chat.openChat(picked.id);
    await view.reveal();
  }
}

async function pickModel(chat: ChatController): Promise<void> {
  await chat.refreshModels();
  const { models, defaultModel, selected } = chat.modelList;
  const current = selected ?? '';
  const items = [
    { label: `${current === '' ? '$(check) ' : ''}Default (sidecar's choice)`, description: defaultModel, id: '', available: true, reason: '' },
    ...models.map((model) => ({
      label: `${model.id === current ? '$(check) ' : ''}${model.label}`,
      description: model.id === defaultModel ? `${model.id} · default` : model.id,
      detail: model.available ? undefined : `$(circle-slash) Unavailable: ${model.unavailableReason ?? 'no reason given'}`,
      id: model.id,
      available: model.available,
      reason: model.unavailableReason ?? 'no reason given',
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Chat Sidecar: Pick Model', placeHolder: 'The model new questions go to' });
  if (!picked) {
    return;
  }
  if (!picked.available) {
    void vscode.window.showWarningMessage(`${picked.label} is unavailable: ${picked.reason}`);
    return;
  }
  await selectModel(picked.id);
}
