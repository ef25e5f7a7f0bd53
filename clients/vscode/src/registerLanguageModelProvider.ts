import * as vscode from 'vscode';
import { SidecarLanguageModels, type LanguageModelTransport } from './lm/sidecarLanguageModels';

/** The vendor id, also in package.json's `languageModelChatProviders`. */
export const LANGUAGE_MODEL_VENDOR = 'chat-sidecar';

/**
 * Offers the sidecar's models in VS Code's chat and to other extensions (`vscode.lm`). Returns the
 * function to call when the models may have changed (sidecar ready, `chat/modelsChanged`).
 */
export function registerLanguageModelProvider(context: vscode.ExtensionContext, transport: LanguageModelTransport,
  log: (line: string) => void): () => void {
  const models = new SidecarLanguageModels(transport, log);
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.LanguageModelChatProvider = {
    onDidChangeLanguageModelChatInformation: changed.event,
    provideLanguageModelChatInformation: () => models.information(),
    provideLanguageModelChatResponse: (model, messages, _options, progress, token) =>
      models.respond(model.id, messages, (text) => progress.report(new vscode.LanguageModelTextPart(text)), token),
    provideTokenCount: (_model, text) => Promise.resolve(models.tokenCount(text)),
  };
  context.subscriptions.push(changed, vscode.lm.registerLanguageModelChatProvider(LANGUAGE_MODEL_VENDOR, provider));
  return () => changed.fire();
}
