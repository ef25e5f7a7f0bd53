import * as path from 'node:path';
import { type FakeDocument, FakePosition, FakeRange, FakeTabInputTextDiff, FakeWorkspaceEdit } from './fakeEditor';

/** The few webview pieces the extension touches. */
export interface FakeWebviewView {
  webview: {
    options: unknown;
    html: string;
    cspSource: string;
    asWebviewUri(uri: FakeUri): FakeUri;
    onDidReceiveMessage(listener: (message: unknown) => void): { dispose(): void };
    postMessage(message: unknown): Promise<boolean>;
  };
  onDidDispose(listener: () => void): { dispose(): void };
}

export interface FakeUri {
  fsPath: string;
  toString(): string;
}

interface ViewProvider {
  resolveWebviewView(view: FakeWebviewView): void;
}

const uri = (fsPath: string): FakeUri => ({ fsPath, toString: () => `vscode-resource://${fsPath}` });
const disposable = () => ({ dispose: () => undefined });

/** VS Code's `LanguageModelTextPart`. */
export class FakeTextPart {
  constructor(readonly value: string) {}
}

/** VS Code's `EventEmitter`, as far as the extension uses it. */
class FakeEventEmitter<T> {
  private listeners: ((value: T) => void)[] = [];
  readonly event = (listener: (value: T) => void) => {
    this.listeners.push(listener);
    return disposable();
  };

  fire(value: T): void {
    this.listeners.forEach((listener) => listener(value));
  }

  dispose(): void {
    this.listeners = [];
  }
}

/** The language model chat provider the extension registers (VS Code's interface, loosely typed). */
export interface FakeLanguageModelProvider {
  onDidChangeLanguageModelChatInformation?: (listener: () => void) => unknown;
  provideLanguageModelChatInformation(options: { silent: boolean }, token: unknown): Promise<{ id: string; name: string; family: string }[]>;
  provideLanguageModelChatResponse(model: { id: string }, messages: unknown[], options: unknown,
    progress: { report(part: unknown): void }, token: FakeCancellationToken): Promise<void>;
  provideTokenCount(model: unknown, text: string, token: unknown): Promise<number>;
}

/** A cancellation token the test cancels by hand. */
export class FakeCancellationToken {
  isCancellationRequested = false;
  private listeners: (() => void)[] = [];
  onCancellationRequested = (listener: () => void) => {
    this.listeners.push(listener);
    return disposable();
  };

  cancel(): void {
    this.isCancellationRequested = true;
    this.listeners.forEach((listener) => listener());
  }
}

/**
 * A stand-in for the `vscode` module with just the API the extension's thin layer calls, recording
 * what it does. VS Code itself cannot be downloaded here; this checks the wiring, not VS Code.
 */
export class FakeVscode {
  readonly output: string[] = [];
  readonly commands = new Map<string, (...args: unknown[]) => unknown>();
  readonly providers = new Map<string, ViewProvider>();
  readonly notices: string[] = [];
  readonly settings = new Map<string, unknown>();
  readonly workspaceState = new Map<string, unknown>();
  readonly posted: unknown[] = [];
  readonly languageModelProviders = new Map<string, FakeLanguageModelProvider>();
  readonly contexts = new Map<string, unknown>();
  /** Every command the extension ran through `executeCommand`, with its arguments. */
  readonly executed: { id: string; args: unknown[] }[] = [];
  /** The button the next information message with buttons answers with. */
  nextChoice?: string;
  /** Untitled documents opened with `openTextDocument({ content, language })`. */
  readonly untitled: { content: string; language: string }[] = [];
  readonly contentProviders = new Map<string, { provideTextDocumentContent(uri: unknown): string }>();
  readonly closedTabs: unknown[] = [];
  /** Diff editors opened with `vscode.diff`, with the right side's text as its content provider gives it. */
  readonly diffs: { left: unknown; right: unknown; title: string; proposed?: string }[] = [];
  private configListeners: ((event: { affectsConfiguration(section: string): boolean }) => void)[] = [];
  private messageListener?: (message: unknown) => void;

  /** The editor the extension sees as `window.activeTextEditor` (set by the test). */
  set activeTextEditor(editor: unknown) {
    this.api.window.activeTextEditor = editor;
  }

  /** The module object handed to `require('vscode')`. */
  readonly api = {
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    EventEmitter: FakeEventEmitter,
    LanguageModelTextPart: FakeTextPart,
    lm: {
      registerLanguageModelChatProvider: (vendor: string, provider: FakeLanguageModelProvider) => {
        this.languageModelProviders.set(vendor, provider);
        return disposable();
      },
    },
    Uri: {
      file: uri,
      joinPath: (base: FakeUri, ...parts: string[]) => uri(path.join(base.fsPath, ...parts)),
      from: ({ scheme, path: at }: { scheme: string; path: string }) => ({ scheme, path: at, fsPath: at, toString: () => `${scheme}:${at}` }),
    },
    Range: FakeRange,
    Position: FakePosition,
    WorkspaceEdit: FakeWorkspaceEdit,
    TabInputTextDiff: FakeTabInputTextDiff,
    languages: { getLanguages: () => Promise.resolve(['plaintext', 'python', 'javascript', 'typescript']) },
    env: { clipboard: { writeText: (text: string) => { this.notices.push(`clipboard:${text}`); return Promise.resolve(); } } },
    window: {
      activeTextEditor: undefined as unknown,
      visibleTextEditors: [],
      tabGroups: {
        all: [{ tabs: [] as { input: unknown }[] }],
        close: (tabs: unknown[]) => { this.closedTabs.push(...tabs); return Promise.resolve(true); },
      },
      showTextDocument: (document: unknown) => Promise.resolve(document),
      createOutputChannel: () => ({ appendLine: (line: string) => this.output.push(line), show: () => undefined, dispose: () => undefined }),
      registerWebviewViewProvider: (id: string, provider: ViewProvider) => { this.providers.set(id, provider); return disposable(); },
      showErrorMessage: (text: string) => { this.notices.push(`error:${text}`); return Promise.resolve(undefined); },
      showWarningMessage: (text: string) => { this.notices.push(`warning:${text}`); return Promise.resolve(undefined); },
      showInformationMessage: (text: string, ...items: string[]) => {
        this.notices.push(`info:${text}`);
        const choice = items.length > 0 ? this.nextChoice : undefined;
        return Promise.resolve(choice);
      },
    },
    commands: {
      registerCommand: (id: string, run: (...args: unknown[]) => unknown) => { this.commands.set(id, run); return disposable(); },
      executeCommand: (id: string, ...args: unknown[]) => {
        this.executed.push({ id, args });
        if (id === 'setContext') {
          this.contexts.set(String(args[0]), args[1]);
        } else if (id === 'vscode.diff') {
          const [left, right, title] = args as [unknown, { scheme: string }, string];
          this.diffs.push({ left, right, title, proposed: this.contentProviders.get(right.scheme)?.provideTextDocumentContent(right) });
        }
        return Promise.resolve(this.commands.get(id)?.(...args));
      },
    },
    workspace: {
      getConfiguration: (section: string) => ({
        get: <T>(key: string, fallback?: T) => (this.settings.has(`${section}.${key}`) ? this.settings.get(`${section}.${key}`) as T : fallback),
        inspect: (key: string) => ({ workspaceValue: undefined, globalValue: this.settings.get(`${section}.${key}`) }),
        update: (key: string, value: unknown) => { this.changeSetting(`${section}.${key}`, value); return Promise.resolve(); },
      }),
      onDidChangeConfiguration: (listener: (event: { affectsConfiguration(section: string): boolean }) => void) => {
        this.configListeners.push(listener);
        return disposable();
      },
      asRelativePath: (target: FakeUri) => target.fsPath,
      registerTextDocumentContentProvider: (scheme: string, provider: { provideTextDocumentContent(uri: unknown): string }) => {
        this.contentProviders.set(scheme, provider);
        return disposable();
      },
      openTextDocument: (source: { content: string; language: string }) => {
        this.untitled.push(source);
        return Promise.resolve(source);
      },
      applyEdit: (edit: FakeWorkspaceEdit) => {
        for (const { range, text } of edit.replacements) {
          (this.api.window.activeTextEditor as { document: FakeDocument } | undefined)?.document.replace(range, text);
        }
        return Promise.resolve(true);
      },
    },
  };

  /** An ExtensionContext for an extension installed at `extensionPath`, with its global storage at `globalStoragePath`. */
  context(extensionPath: string, packageJSON: unknown, globalStoragePath: string) {
    return {
      subscriptions: [] as { dispose(): unknown }[],
      extensionPath,
      extensionUri: uri(extensionPath),
      // like VS Code, the directory is not made until the extension writes to it
      globalStorageUri: uri(globalStoragePath),
      extension: { packageJSON },
      workspaceState: {
        get: (key: string) => this.workspaceState.get(key),
        update: (key: string, value: unknown) => { this.workspaceState.set(key, value); return Promise.resolve(); },
      },
    };
  }

  /** Opens the view the way VS Code does when the user shows it. */
  openView(id: string): FakeWebviewView {
    const provider = this.providers.get(id);
    if (!provider) {
      throw new Error(`no view provider for ${id}`);
    }
    const view: FakeWebviewView = {
      webview: {
        options: undefined,
        html: '',
        cspSource: 'vscode-resource:',
        asWebviewUri: (target) => target,
        onDidReceiveMessage: (listener) => { this.messageListener = listener; return disposable(); },
        postMessage: (message) => { this.posted.push(message); return Promise.resolve(true); },
      },
      onDidDispose: () => disposable(),
    };
    provider.resolveWebviewView(view);
    return view;
  }

  /** A message from the page to the extension. */
  fromPage(message: unknown): void {
    this.messageListener?.(message);
  }

  changeSetting(key: string, value: unknown): void {
    this.settings.set(key, value);
    const event = { affectsConfiguration: (section: string) => key === section || key.startsWith(`${section}.`) };
    this.configListeners.forEach((listener) => listener(event));
  }
}
