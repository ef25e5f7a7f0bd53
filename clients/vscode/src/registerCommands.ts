import * as vscode from 'vscode';
import type { ChatController } from './chat/chatController';
import { DEFAULT_SELECTION_QUESTION, selectionPrompt } from './chat/selectionPrompt';
import type { ChatViewBridge } from './registerChatView';
import type { SidecarSupervisor } from './sidecar/sidecarSupervisor';
import { selectedModel, selectModel } from './vscodeSettings';

/** The `chatSidecar.*` commands. */
export function registerCommands(context: vscode.ExtensionContext, chat: ChatController, view: ChatViewBridge,
  supervisor: SidecarSupervisor, output: vscode.OutputChannel): void {
  const commands: Record<string, () => unknown> = {
    'chatSidecar.openChat': () => view.reveal(),
    'chatSidecar.askAboutSelection': () => askAboutSelection(chat, view),
    'chatSidecar.pickModel': () => pickModel(chat),
    'chatSidecar.stop': () => chat.session.stop(),
    'chatSidecar.newChat': () => chat.session.newChat(),
    'chatSidecar.showLog': () => output.show(true),
    'chatSidecar.restartServer': () => supervisor.restart().catch((error: Error) => {
      void vscode.window.showErrorMessage(`Chat Sidecar could not restart: ${error.message}`);
    }),
  };
  for (const [id, run] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  }
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

async function pickModel(chat: ChatController): Promise<void> {
  await chat.refreshModels();
  const { models, defaultModel, selected } = chat.modelList;
  if (models.length === 0) {
    void vscode.window.showWarningMessage('The sidecar listed no models; see the "Chat Sidecar" output.');
    return;
  }
  const current = selected ?? defaultModel;
  const picked = await vscode.window.showQuickPick(models.map((model) => ({
    label: `${model.id === current ? '$(check) ' : ''}${model.label}`,
    description: model.id === defaultModel ? `${model.id} · default` : model.id,
    detail: model.available ? undefined : `$(circle-slash) Unavailable: ${model.unavailableReason ?? 'no reason given'}`,
    model,
  })), { title: 'Chat Sidecar: Pick Model', placeHolder: 'The model new questions go to' });
  if (!picked) {
    return;
  }
  if (!picked.model.available) {
    void vscode.window.showWarningMessage(`${picked.model.label} is unavailable: ${picked.model.unavailableReason ?? 'no reason given'}`);
    return;
  }
  await selectModel(picked.model.id);
}
