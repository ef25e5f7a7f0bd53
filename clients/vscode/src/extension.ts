import * as vscode from 'vscode';
import { ChatController } from './chat/chatController';
import type { SavedLibrary } from './chat/chatLibrary';
import { editorChatHost } from './editorChatHost';
import { registerApplyDiff } from './registerApplyDiff';
import { registerChatView } from './registerChatView';
import { registerCommands } from './registerCommands';
import { registerLanguageModelProvider } from './registerLanguageModelProvider';
import { sidecarLaunch } from './sidecar/launchCommand';
import { SidecarSupervisor } from './sidecar/sidecarSupervisor';
import { affectsSidecarSettings, SECTION, serverSettings, sidecarSettings } from './vscodeSettings';

const HISTORY_KEY = 'chatSidecar.chat';

let supervisor: SidecarSupervisor | undefined;

/** Wires the sidecar, the chat view, the commands, the language models and the settings together. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Chat Sidecar');
  const version = (context.extension.packageJSON as { version?: string }).version ?? '';
  const sidecar = new SidecarSupervisor({
    launch: () => sidecarLaunch(serverSettings(),
      { extensionPath: context.extensionPath, cacheDir: context.globalStorageUri.fsPath, version }),
    settings: sidecarSettings,
    log: (line) => output.appendLine(line),
    clientInfo: { name: 'chat-sidecar-vscode', version },
    onRepeatedCrashes: (crashes, cause) => {
      void vscode.window.showErrorMessage(`Chat Sidecar crashed ${crashes} times in a row: ${cause}`, 'Show Log')
        .then((choice) => choice && output.show(true));
    },
  });
  supervisor = sidecar;

  // the view only calls back once VS Code opens it, after `chat` below is assigned
  const view = registerChatView(context, (message) => void chat.handle(message));
  const chat = new ChatController({
    transport: sidecar,
    history: {
      load: () => context.workspaceState.get(HISTORY_KEY),
      save: (saved: SavedLibrary) => void context.workspaceState.update(HISTORY_KEY, saved),
    },
    host: editorChatHost(view, output, registerApplyDiff(context), () => sidecar.restart()),
  });
  registerCommands(context, chat, view, sidecar, output);
  const modelsChanged = registerLanguageModelProvider(context, sidecar, (line) => output.appendLine(line));

  const unsubscribeStatus = sidecar.onStatus((status) => {
    void chat.setStatus(status);
    if (status.state === 'ready') {
      modelsChanged();
    }
  });
  const unsubscribeModels = sidecar.onModelsChanged(() => {
    void chat.refreshModels();
    modelsChanged();
  });
  context.subscriptions.push(output, { dispose: unsubscribeStatus }, { dispose: unsubscribeModels },
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.server`)) {
        sidecar.restart().catch((error: Error) => output.appendLine(`restart failed: ${error.message}`));
      } else if (affectsSidecarSettings(event)) {
        sidecar.updateSettings().then(() => chat.refreshModels(), (error: Error) => output.appendLine(error.message));
      } else if (event.affectsConfiguration(`${SECTION}.model`)) {
        void chat.refreshModels();
      }
    }));

  sidecar.connection().catch(() => { /* shown through the status; retried with backoff unless a setting must change */ });
}

/** Ends the sidecar with `shutdown` and `exit`; VS Code waits for the returned promise. */
export function deactivate(): Promise<void> | undefined {
  return supervisor?.stop();
}
