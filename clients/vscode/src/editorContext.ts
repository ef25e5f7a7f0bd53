import * as vscode from 'vscode';
import type { AttachedText } from './chat/contextAttachments';

const MAX_SUGGESTIONS = 20;
const EXCLUDE = '**/{node_modules,.git,out,dist,target}/**';

/** What the chat can attach from the editor: the current file, the selection, workspace files. */
export const editorContext = {
  currentFile(): AttachedText | undefined {
    const document = vscode.window.activeTextEditor?.document;
    return document && attached(document);
  },

  currentSelection(): AttachedText | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) {
      return undefined;
    }
    const { selection, document } = editor;
    const end = selection.end.line + (selection.end.character === 0 && selection.end.line > selection.start.line ? 0 : 1);
    return { ...attached(document), text: document.getText(selection), lines: { start: selection.start.line + 1, end } };
  },

  async findFiles(query: string): Promise<string[]> {
    const safe = query.replace(/[[\]{}*?!\\]/g, '');
    const found = await vscode.workspace.findFiles(`**/*${safe}*`, EXCLUDE, MAX_SUGGESTIONS);
    return found.map((uri) => vscode.workspace.asRelativePath(uri)).sort();
  },

  async readFile(relativePath: string): Promise<AttachedText | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      return undefined;
    }
    try {
      return attached(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, relativePath)));
    } catch {
      void vscode.window.showWarningMessage(`Could not read ${relativePath}.`);
      return undefined;
    }
  },

  async pickFiles(): Promise<AttachedText[]> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: true, openLabel: 'Attach', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    const documents = await Promise.all((picked ?? []).map((uri) => vscode.workspace.openTextDocument(uri).then(attached, () => undefined)));
    return documents.filter((document): document is AttachedText => document !== undefined);
  },
};

function attached(document: vscode.TextDocument): AttachedText {
  return { path: vscode.workspace.asRelativePath(document.uri), language: document.languageId, text: document.getText() };
}
