/**
 * The messages between the chat page (webview) and the extension, switched on `type`.
 * Only types, shared by both sides; keep this file free of imports so the page can use it.
 */

export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'error';

/** What the page shows of an error: the contract's ErrorData fields the user needs. */
export interface TurnError {
  type: string;
  message: string;
  hint: string;
  retryable: boolean;
  /** The backend said when a retry may succeed: Retry is enabled that long after `at`. */
  retryAfterMs?: number;
  /** When the error arrived (ms since the epoch), the start of the `retryAfterMs` countdown. */
  at?: number;
}

/** Token counts of an answer, when the backend reports them. */
export interface TurnUsage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

/** Something attached to a question: a whole file or a selection. */
export interface ContextItem {
  id: string;
  kind: 'file' | 'selection';
  /** What the chip shows: the workspace-relative path, with the lines of a selection. */
  label: string;
}

/** One question and its answer. */
export interface ChatTurn {
  id: string;
  prompt: string;
  answer: string;
  status: TurnStatus;
  /** The model that answered (or tried to), once known. */
  model?: string;
  /** 'length' when the answer was cut at the token limit. */
  finishReason?: string;
  error?: TurnError;
  /** The model's reasoning, shown collapsed as "Thinking". */
  reasoning?: string;
  usage?: TurnUsage;
  /** From sending to the last piece of the answer. */
  elapsedMs?: number;
  /** The labels of what was attached, shown as chips on the question. */
  context?: string[];
  /** The attached files' text, sent after the prompt (not shown). */
  attached?: string;
}

/** One chat in the history list. */
export interface ChatSummary {
  id: string;
  /** The first question (shortened). */
  title: string;
  /** Last activity, ms since the epoch. */
  updatedAt: number;
}

export interface ModelOption {
  id: string;
  label: string;
  available: boolean;
  unavailableReason?: string | null;
  /** `unchecked`: listed but not probed yet (newer sidecars); missing means as `available` says. */
  status?: 'ready' | 'unavailable' | 'unchecked';
}

export interface ModelsView {
  models: ModelOption[];
  defaultModel?: string;
  /** The model the user picked (the chatSidecar.model setting); none means the default. */
  selected?: string;
}

export type SidecarStateView = 'starting' | 'ready' | 'restarting' | 'failed' | 'stopped';

export interface StatusView {
  state: SidecarStateView;
  message?: string;
  /** The `chatSidecar.` setting that fixes a failed start (the page offers to open it). */
  setting?: string;
}

/** Extension → page. */
export type HostMessage =
  | { type: 'state'; turns: ChatTurn[]; models: ModelsView; status: StatusView }
  | { type: 'turnStarted'; turn: ChatTurn }
  | { type: 'turnModel'; turnId: string; model: string }
  | { type: 'delta'; turnId: string; text: string }
  | { type: 'reasoning'; turnId: string; text: string }
  | { type: 'turnFinished'; turn: ChatTurn }
  | { type: 'cleared' }
  | { type: 'models'; models: ModelsView }
  | { type: 'status'; status: StatusView }
  | { type: 'chats'; chats: ChatSummary[]; currentId: string }
  | { type: 'context'; items: ContextItem[] }
  | { type: 'fileSuggestions'; query: string; files: string[] }
  | { type: 'focus' };

/** Page → extension. */
export type PageMessage =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'retry'; turnId: string }
  | { type: 'newChat' }
  | { type: 'selectModel'; model: string }
  | { type: 'copy'; text: string }
  | { type: 'insert'; text: string }
  | { type: 'apply'; text: string; language: string }
  | { type: 'newFile'; text: string; language: string }
  | { type: 'openChat'; chatId: string }
  | { type: 'deleteChat'; chatId: string }
  /** `#file` completion: the files whose path contains `query`. */
  | { type: 'findFiles'; query: string }
  | { type: 'attachFile'; path: string }
  | { type: 'attachCurrentFile' }
  | { type: 'attachSelection' }
  /** Opens a file picker to attach files. */
  | { type: 'pickFiles' }
  | { type: 'removeContext'; id: string }
  | { type: 'openSetting'; setting: string }
  | { type: 'restartSidecar' };
