import * as vscode from 'vscode';
import { chatPageHtml, createNonce } from './chat/pageHtml';
import type { HostMessage } from './chat/pageMessages';

export const CHAT_VIEW_ID = 'chatSidecar.chatView';

/** The chat view as the rest of the extension sees it. */
export interface ChatViewBridge {
  /** Posts to the page when it is open; dropped otherwise (an opening page asks for the state). */
  post(message: HostMessage): void;
  reveal(): Thenable<void>;
}

/** Registers the chat webview view; page messages go to `onMessage`. */
export function registerChatView(context: vscode.ExtensionContext, onMessage: (message: unknown) => void): ChatViewBridge {
  let current: vscode.WebviewView | undefined;
  const distRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');

  const provider: vscode.WebviewViewProvider = {
    resolveWebviewView(view) {
      current = view;
      view.webview.options = { enableScripts: true, localResourceRoots: [distRoot] };
      view.webview.html = chatPageHtml({
        cspSource: view.webview.cspSource,
        nonce: createNonce(),
        scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(distRoot, 'chat.js')).toString(),
        styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(distRoot, 'chat.css')).toString(),
      });
      const subscription = view.webview.onDidReceiveMessage(onMessage);
      view.onDidDispose(() => {
        subscription.dispose();
        if (current === view) {
          current = undefined;
        }
      });
    },
  };
  context.subscriptions.push(vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider));

  return {
    post(message) {
      void current?.webview.postMessage(message);
    },
    reveal() {
      return vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    },
  };
}
