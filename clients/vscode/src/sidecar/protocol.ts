/**
 * The shapes of the chat-sidecar JSON-RPC contract (docs/protocol.md) that this client uses.
 * Only types: nothing here runs.
 */

export const Method = {
  initialize: 'initialize',
  initialized: 'initialized',
  shutdown: 'shutdown',
  exit: 'exit',
  models: 'chat/models',
  complete: 'chat/complete',
  didChangeConfiguration: 'workspace/didChangeConfiguration',
  logMessage: 'window/logMessage',
  /** Server → client: some model's availability changed; re-fetch `chat/models`. */
  modelsChanged: 'chat/modelsChanged',
} as const;

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

/** Returned by a ChatGPT answer; passed back to continue the same conversation. */
export interface ConversationRef {
  id?: string;
  parentMessageId?: string;
}

export interface ChatCompleteParams {
  messages: ChatMessage[];
  model?: string;
  conversation?: ConversationRef;
  options?: { temperature?: number; maxTokens?: number };
}

export type FinishReason = 'stop' | 'length';

export interface ChatCompleteResult {
  text: string;
  model: string;
  finishReason: FinishReason;
  conversation?: ConversationRef | null;
  timings?: { firstTokenMs?: number; totalMs?: number };
  attempts?: { model: string; type: string; message: string }[];
  usage?: Usage;
  /** All reasoning text, when the model reasoned before answering. */
  reasoning?: string;
}

export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

export interface ModelInfo {
  id: string;
  label: string;
  provider: string;
  aliases?: string[];
  isDefault?: boolean;
  available: boolean;
  unavailableReason?: string | null;
  /** Newer sidecars: `unchecked` means nobody probed the model yet. Missing: derive from `available`. */
  status?: ModelStatus;
}

export type ModelStatus = 'ready' | 'unavailable' | 'unchecked';

export interface ChatModelsResult {
  models: ModelInfo[];
  defaultModel: string;
}

/** The `value` of a `$/progress` notification for a streamed `chat/complete`. */
export type ProgressValue =
  | { kind: 'begin'; title: string; model: string }
  | { kind: 'report'; seq: number; delta: string; reasoning?: string }
  | { kind: 'end'; finishReason: FinishReason | 'cancelled' | 'error' };

/**
 * The `data` of every error response. `type` is one of the contract's types; this client adds
 * `sidecar_stopped` for "the process went away" and `sidecar_unavailable` for "could not start it".
 */
export interface ErrorData {
  type: string;
  message: string;
  hint: string;
  retryable: boolean;
  retryAfterMs?: number;
  httpStatus?: number;
  partialText?: string;
}

export interface InitializeResult {
  serverInfo: { name: string; version?: string };
  capabilities: { chat?: { streaming?: string; cancel?: string[] } };
}

export interface LogMessageParams {
  type: number;
  message: string;
}
