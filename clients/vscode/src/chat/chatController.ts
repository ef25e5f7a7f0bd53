import type { ChatModelsResult } from '../sidecar/protocol';
import type { HistoryStore } from './chatHistory';
import { ChatLibrary, type SavedLibrary } from './chatLibrary';
import { ChatSession, type ChatTransport } from './chatSession';
import { ContextBasket, type AttachedText } from './contextAttachments';
import { isPageMessage } from './pageMessageCheck';
import type { ChatSummary, HostMessage, ModelsView, PageMessage, StatusView } from './pageMessages';

/** What the chat needs from the editor around it; the extension implements it with the VS Code API. */
export interface ChatHost {
  /** Delivers a message to the page, if one is open (otherwise drops it: the page asks for state when it opens). */
  post(message: HostMessage): void;
  copy(text: string): void | Promise<void>;
  insert(text: string): void | Promise<void>;
  /** The model the user picked, or undefined for the sidecar's default. */
  selectedModel(): string | undefined;
  /** Saves the pick; an empty id means "the sidecar's default". */
  selectModel(model: string): void | Promise<void>;
  log(line: string): void;
  /** Opens a diff between the active file and the file with `code` applied, to accept or discard. */
  apply?(code: string, language: string): void | Promise<void>;
  /** Opens `code` in a new untitled editor of `language`. */
  newFile?(code: string, language: string): void | Promise<void>;
  /** Workspace files whose path contains `query`, for `#file` completion. */
  findFiles?(query: string): Promise<string[]>;
  readFile?(path: string): Promise<AttachedText | undefined>;
  currentFile?(): AttachedText | undefined;
  currentSelection?(): AttachedText | undefined;
  pickFiles?(): Promise<AttachedText[]>;
  openSetting?(setting: string): void | Promise<void>;
  restartSidecar?(): void | Promise<void>;
  /** Told when an answer starts or stops streaming (the view title's Stop button follows it). */
  streamingChanged?(streaming: boolean): void;
}

export interface ChatControllerOptions {
  transport: ChatTransport & { models(refresh?: boolean): Promise<ChatModelsResult> };
  /** Where the workspace's chats are kept. */
  history: HistoryStore<SavedLibrary>;
  host: ChatHost;
}

/**
 * The extension's half of the chat page: answers page messages, keeps the model list, the sidecar
 * status, the chats of the workspace and the context of the next question.
 */
export class ChatController {
  private current: ChatSession;
  /** The last session of each chat: one reopened while its answer still ends gets that session back. */
  private readonly sessions = new Map<string, ChatSession>();
  private readonly library: ChatLibrary;
  private readonly context = new ContextBasket();
  private models: ModelsView = { models: [] };
  private modelsRequests = 0;
  private status: StatusView = { state: 'starting' };

  constructor(private readonly options: ChatControllerOptions) {
    this.library = new ChatLibrary(options.history);
    this.current = this.sessionFor(this.library.current.id);
  }

  /** The open chat. */
  get session(): ChatSession {
    return this.current;
  }

  /** Handles one message from the page; anything that is not a known message is ignored. */
  async handle(raw: unknown): Promise<void> {
    if (!isPageMessage(raw)) {
      this.options.host.log(`ignored a message from the chat page: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    const message: PageMessage = raw;
    const host = this.options.host;
    switch (message.type) {
      case 'ready':
        this.postState();
        if (this.models.models.length === 0 && this.status.state === 'ready') {
          await this.refreshModels();
        }
        return;
      case 'send':
        await this.send(message.text);
        return;
      case 'stop':
        this.current.stop();
        return;
      case 'retry':
        await this.current.retry(message.turnId, host.selectedModel());
        return;
      case 'newChat':
        this.newChat();
        return;
      case 'openChat':
        this.openChat(message.chatId);
        return;
      case 'deleteChat':
        this.deleteChat(message.chatId);
        return;
      case 'selectModel':
        await host.selectModel(message.model);
        host.post({ type: 'models', models: this.modelsView() });
        return;
      default:
        await this.handleEditorMessage(message);
    }
  }

  /** Asks `text` in the open chat with the attached context, which is then cleared. */
  async send(text: string, model = this.options.host.selectedModel()): Promise<void> {
    if (this.current.busy || !text.trim()) {
      return;
    }
    const attachments = this.context.attachments();
    this.context.clear();
    this.postContext();
    await this.current.send(text, model, attachments);
  }

  /** Opens a fresh chat and keeps the others in the history; an answer still streaming is stopped. */
  newChat(): void {
    this.current.stop();
    this.switchTo(this.library.create().id);
  }

  openChat(id: string): void {
    if (id !== this.library.current.id && this.library.open(id)) {
      this.current.stop();
      this.switchTo(id);
    }
  }

  deleteChat(id: string): void {
    const wasOpen = id === this.library.current.id;
    if (wasOpen) {
      this.current.stop();
    }
    const next = this.library.delete(id);
    this.sessions.delete(id);
    if (wasOpen) {
      this.switchTo(next.id);
    } else {
      this.postChats();
    }
  }

  /** Adds an attachment chip for the next question (from a command or the page). */
  attach(attached: AttachedText | undefined): void {
    if (attached) {
      this.context.add(attached);
      this.postContext();
    }
  }

  /** Shows the sidecar's state; a sidecar that became ready is asked for its models. */
  async setStatus(status: StatusView): Promise<void> {
    this.status = status;
    this.options.host.post({ type: 'status', status });
    if (status.state === 'ready') {
      await this.refreshModels();
    }
  }

  /**
   * Asks the sidecar for `chat/models` and shows them; failures are logged, the old list stays. A
   * list that arrives after a later request was sent is dropped: the newer one decides.
   */
  async refreshModels(refresh = false): Promise<void> {
    const request = ++this.modelsRequests;
    try {
      const result = await this.options.transport.models(refresh);
      if (request !== this.modelsRequests) {
        return;
      }
      this.models = {
        defaultModel: result.defaultModel,
        models: result.models.map(({ id, label, available, unavailableReason, status }) =>
          (status ? { id, label, available, unavailableReason, status } : { id, label, available, unavailableReason })),
      };
      this.options.host.post({ type: 'models', models: this.modelsView() });
    } catch (error) {
      this.options.host.log(`could not list models: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The chats with a question, newest first, for the history command. */
  get chatList(): ChatSummary[] {
    return this.library.summaries();
  }

  /** The known models, for the "pick model" command. */
  get modelList(): ModelsView {
    return this.modelsView();
  }

  private async handleEditorMessage(message: PageMessage): Promise<void> {
    const host = this.options.host;
    switch (message.type) {
      case 'copy':
        return host.copy(message.text);
      case 'insert':
        return host.insert(message.text);
      case 'apply':
        return host.apply?.(message.text, message.language);
      case 'newFile':
        return host.newFile?.(message.text, message.language);
      case 'findFiles':
        host.post({ type: 'fileSuggestions', query: message.query, files: (await host.findFiles?.(message.query)) ?? [] });
        return;
      case 'attachFile':
        return this.attach(await host.readFile?.(message.path));
      case 'attachCurrentFile':
        return this.attach(host.currentFile?.());
      case 'attachSelection':
        return this.attach(host.currentSelection?.());
      case 'pickFiles':
        return (await host.pickFiles?.() ?? []).forEach((attached) => this.attach(attached));
      case 'removeContext':
        this.context.remove(message.id);
        return this.postContext();
      case 'openSetting':
        return host.openSetting?.(message.setting);
      case 'restartSidecar':
        return host.restartSidecar?.();
    }
  }

  private switchTo(id: string): void {
    this.current = this.sessionFor(id);
    this.options.host.streamingChanged?.(this.current.busy);
    this.postState();
  }

  /**
   * A session whose messages reach the page only while it is the open chat. A chat left while its
   * answer streamed keeps that session until the answer ended: a fresh one would show (and later
   * save over) the turn as it was when it started.
   */
  private sessionFor(id: string): ChatSession {
    const running = this.sessions.get(id);
    if (running?.busy) {
      return running;
    }
    const session: ChatSession = new ChatSession(this.options.transport, this.library.storeFor(id), (message) => {
      if (session !== this.current) {
        return;
      }
      this.options.host.post(message);
      if (message.type === 'turnStarted' || message.type === 'turnFinished') {
        this.options.host.streamingChanged?.(session.busy);
        this.postChats();
      }
    });
    this.sessions.set(id, session);
    return session;
  }

  private postState(): void {
    const host = this.options.host;
    host.post({ type: 'state', turns: this.current.snapshot, models: this.modelsView(), status: this.status });
    this.postChats();
    this.postContext();
  }

  private postChats(): void {
    this.options.host.post({ type: 'chats', chats: this.library.summaries(), currentId: this.library.current.id });
  }

  private postContext(): void {
    this.options.host.post({ type: 'context', items: this.context.view });
  }

  private modelsView(): ModelsView {
    return { ...this.models, selected: this.options.host.selectedModel() };
  }
}
