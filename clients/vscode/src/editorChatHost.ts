import * as vscode from 'vscode';
import type { ChatHost } from './chat/chatController';
import type { ChatViewBridge } from './registerChatView';
import { selectedModel, selectModel } from './vscodeSettings';

/** The chat's editor actions done with the VS Code API. */
export function editorChatHost(view: ChatViewBridge, output: vscode.OutputChannel): ChatHost {
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
    selectedModel,
    selectModel,
    log: (line) => output.appendLine(line),
  };
}
