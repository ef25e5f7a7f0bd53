import * as vscode from 'vscode';
import { applyCodeBlock } from './chat/codeApply';

const SCHEME = 'chat-sidecar-proposed';

/** Applying an answer's code block through a diff. */
export interface ApplyDiff {
  /** Opens the diff between the active file and the file with `code` applied, and asks to accept or discard. */
  apply(code: string): Promise<void>;
}

interface Proposal {
  target: vscode.TextDocument;
  version: number;
  text: string;
}

/**
 * Registers the read-only documents that hold proposed files and the accept / discard commands of
 * the diff editor's title bar.
 */
export function registerApplyDiff(context: vscode.ExtensionContext): ApplyDiff {
  const proposals = new Map<string, Proposal>();
  let seq = 0;
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
    provideTextDocumentContent: (uri) => proposals.get(uri.toString())?.text ?? '',
  }));

  const settle = async (uri: vscode.Uri | undefined, accept: boolean): Promise<void> => {
    // the title bar passes the diff's modified side; anything else means the latest proposal
    const key = uri && proposals.has(uri.toString()) ? uri.toString() : [...proposals.keys()].at(-1);
    const proposal = key ? proposals.get(key) : undefined;
    if (!key || !proposal) {
      return;
    }
    proposals.delete(key);
    if (accept) {
      if (proposal.target.version !== proposal.version) {
        void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(proposal.target.uri)} changed since the diff opened; apply the code again.`);
        return;
      }
      const edit = new vscode.WorkspaceEdit();
      const whole = new vscode.Range(proposal.target.positionAt(0), proposal.target.positionAt(proposal.target.getText().length));
      edit.replace(proposal.target.uri, whole, proposal.text);
      await vscode.workspace.applyEdit(edit);
    }
    await closeDiffTabs(key);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('chatSidecar.acceptApply', (uri?: vscode.Uri) => settle(uri, true)),
    vscode.commands.registerCommand('chatSidecar.discardApply', (uri?: vscode.Uri) => settle(uri, false)),
  );

  return {
    async apply(code) {
      const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
      if (!editor) {
        void vscode.window.showWarningMessage('Open the file to apply the code to, then press Apply again.');
        return;
      }
      const { document, selection } = editor;
      const applied = applyCodeBlock({
        text: document.getText(), selectionStart: document.offsetAt(selection.start), selectionEnd: document.offsetAt(selection.end),
      }, code);
      const name = vscode.workspace.asRelativePath(document.uri);
      const proposed = vscode.Uri.from({ scheme: SCHEME, path: `/${++seq}/${name}` });
      proposals.set(proposed.toString(), { target: document, version: document.version, text: applied.text });
      await vscode.commands.executeCommand('vscode.diff', document.uri, proposed, `${name} ↔ with the answer's code`);
      const where = applied.how === 'selection' ? 'replacing the selection' : applied.how === 'matched' ? 'replacing the matching lines' : 'at the cursor';
      const choice = await vscode.window.showInformationMessage(`Apply the answer's code to ${name} (${where})?`, 'Accept', 'Discard');
      if (proposals.has(proposed.toString())) {
        await settle(proposed, choice === 'Accept');
      }
    },
  };
}

async function closeDiffTabs(proposed: string): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposed);
  if (tabs.length > 0) {
    await vscode.window.tabGroups.close(tabs);
  }
}
