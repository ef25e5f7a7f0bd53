import type { ChatModelsResult } from '../sidecar/protocol';
import type { HistoryStore } from './chatHistory';
import { ChatSession, type ChatTransport } from './chatSession';
import type { HostMessage, ModelsView, PageMessage, StatusView } from './pageMessages';

/** What the chat needs from the editor around it; the extension implements it with the VS Code API. */
export interface ChatHost {
  /** Delivers a message to the page, if one is open (otherwise drops it: the page asks for state when it opens). */
  post(message: HostMessage): void;
  copy(text: string): void | Promise<void>;
  insert(text: string): void | Promise<void>;
  /** The model the user picked, or undefined for the sidecar's default. */
  selectedModel(): string | undefined;
  selectModel(model: string): void | Promise<void>;
  log(line: string): void;
}

export interface ChatControllerOptions {
  transport: ChatTransport & { models(): Promise<ChatModelsResult> };
  history: HistoryStore;
  host: ChatHost;
}

/**
 * The extension's half of the chat page: answers page messages, keeps the model list and the
 * sidecar status the page shows, and owns the {@link ChatSession}.
 */
export class ChatController {
  readonly session: ChatSession;
  private models: ModelsView = { models: [] };
  private status: StatusView = { state: 'starting' };

  constructor(private readonly options: ChatControllerOptions) {
    this.session = new ChatSession(options.transport, options.history, (message) => options.host.post(message));
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
        host.post({ type: 'state', turns: this.session.snapshot, models: this.modelsView(), status: this.status });
        if (this.models.models.length === 0 && this.status.state === 'ready') {
          await this.refreshModels();
        }
        return;
      case 'send':
        await this.session.send(message.text, host.selectedModel());
        return;
      case 'stop':
        this.session.stop();
        return;
      case 'retry':
        await this.session.retry(message.turnId, host.selectedModel());
        return;
      case 'newChat':
        this.session.newChat();
        return;
      case 'selectModel':
        await host.selectModel(message.model);
        host.post({ type: 'models', models: this.modelsView() });
        return;
      case 'copy':
        await host.copy(message.text);
        return;
      case 'insert':
        await host.insert(message.text);
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

  /** Asks the sidecar for `chat/models` and shows them; failures are logged, the old list stays. */
  async refreshModels(): Promise<void> {
    try {
      const result = await this.options.transport.models();
      this.models = {
        defaultModel: result.defaultModel,
        models: result.models.map(({ id, label, available, unavailableReason }) => ({ id, label, available, unavailableReason })),
      };
      this.options.host.post({ type: 'models', models: this.modelsView() });
    } catch (error) {
      this.options.host.log(`could not list models: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The known models, for the "pick model" command. */
  get modelList(): ModelsView {
    return this.modelsView();
  }

  private modelsView(): ModelsView {
    return { ...this.models, selected: this.options.host.selectedModel() };
  }
}

const TEXT_MESSAGES = new Set(['send', 'copy', 'insert']);

function isPageMessage(value: unknown): value is PageMessage {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
    case 'stop':
    case 'newChat':
      return true;
    case 'retry':
      return typeof message.turnId === 'string';
    case 'selectModel':
      return typeof message.model === 'string';
    default:
      return TEXT_MESSAGES.has(String(message.type)) && typeof message.text === 'string';
  }
}
