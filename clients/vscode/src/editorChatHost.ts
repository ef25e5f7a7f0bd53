import * as vscode from 'vscode';
import type { ChatHost } from './chat/chatController';
import { languageIdOfFence } from './chat/fenceLanguage';
import { editorContext } from './editorContext';
import type { ApplyDiff } from './registerApplyDiff';
import type { ChatViewBridge } from './registerChatView';
import { SECTION, selectedModel, selectModel } from './vscodeSettings';

/** The chat's editor actions done with the VS Code API. */
export function editorChatHost(view: ChatViewBridge, output: vscode.OutputChannel, applyDiff: ApplyDiff,
  restartSidecar: () => Promise<unknown>): ChatHost {
  return {
    post: (message) => view.post(message),
    copy: async (text) => {
      await vscode.env.clipboard.writeText(text);
    },
    insert: async (text) => {
      // the chat view has the focus when Insert is clicked; the editor the user last worked in is the target
      const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
      if (!editor) {
        void vscode.window.showWarningMessage('Open an editor to insert the code into.');
        return;
      }
      await editor.edit((edit) => editor.selections.forEach((selection) => edit.replace(selection, text)));
    },
    apply: (code) => applyDiff.apply(code),
    newFile: async (code, fence) => {
      const language = languageIdOfFence(fence, await vscode.languages.getLanguages());
      const document = await vscode.workspace.openTextDocument({ content: code, language });
      await vscode.window.showTextDocument(document);
    },
    ...editorContext,
    selectedModel,
    selectModel,
    openSetting: async (setting) => {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.${setting}`);
    },
    restartSidecar: () => restartSidecar().then(() => undefined, (error: Error) => output.appendLine(`restart failed: ${error.message}`)),
    streamingChanged: (streaming) => void vscode.commands.executeCommand('setContext', 'chatSidecar.streaming', streaming),
    log: (line) => output.appendLine(line),
  };
}
