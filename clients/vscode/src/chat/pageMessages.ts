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
}

export interface ModelOption {
  id: string;
  label: string;
  available: boolean;
  unavailableReason?: string | null;
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
}

/** Extension → page. */
export type HostMessage =
  | { type: 'state'; turns: ChatTurn[]; models: ModelsView; status: StatusView }
  | { type: 'turnStarted'; turn: ChatTurn }
  | { type: 'turnModel'; turnId: string; model: string }
  | { type: 'delta'; turnId: string; text: string }
  | { type: 'turnFinished'; turn: ChatTurn }
  | { type: 'cleared' }
  | { type: 'models'; models: ModelsView }
  | { type: 'status'; status: StatusView };

/** Page → extension. */
export type PageMessage =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'retry'; turnId: string }
  | { type: 'newChat' }
  | { type: 'selectModel'; model: string }
  | { type: 'copy'; text: string }
  | { type: 'insert'; text: string };
