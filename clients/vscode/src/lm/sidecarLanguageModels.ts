import { CancellationTokenSource } from 'vscode-jsonrpc';
import type { ChatTransport } from '../chat/chatSession';
import type { ChatMessage, ChatModelsResult, ModelInfo, Role } from '../sidecar/protocol';
import { toSidecarError } from '../sidecar/sidecarError';

/** A model as VS Code's `LanguageModelChatInformation` describes it. */
export interface LanguageModelInfo {
  id: string;
  name: string;
  family: string;
  version: string;
  tooltip?: string;
  detail?: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { imageInput?: boolean; toolCalling?: boolean | number };
}

/** The parts of a `LanguageModelChatRequestMessage` read here (roles: 1 user, 2 assistant, others system). */
export interface LanguageModelMessage {
  role: number;
  content: readonly unknown[];
}

/** VS Code's cancellation token, as far as it is used. */
export interface CancellationSignal {
  isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

export interface LanguageModelTransport extends ChatTransport {
  models(refresh?: boolean): Promise<ChatModelsResult>;
}

/** The sidecar's context sizes are not in `chat/models`; these are the usual ones per backend. */
const LIMITS: Record<string, { input: number; output: number }> = {
  local: { input: 4096, output: 512 },
  default: { input: 128_000, output: 16_384 },
};

/**
 * The sidecar's models for VS Code's Language Model API, without VS Code: lists the models that
 * can answer, turns VS Code's messages into the sidecar's, streams the answer text piece by piece
 * and stops the request when VS Code cancels it.
 */
export class SidecarLanguageModels {
  constructor(private readonly transport: LanguageModelTransport, private readonly log: (line: string) => void) {}

  /** The models that are not known to be unavailable; none when the sidecar cannot be reached. */
  async information(): Promise<LanguageModelInfo[]> {
    try {
      const { models } = await this.transport.models();
      return models.filter((model) => (model.status ?? (model.available ? 'ready' : 'unavailable')) !== 'unavailable').map(toInfo);
    } catch (error) {
      this.log(`language models: could not list the sidecar's models: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  /**
   * Streams the answer of `modelId` to `report`. Resolves when the answer is complete or was
   * cancelled (what arrived stays reported).
   *
   * @throws Error whose message starts with the sidecar's error type, then its message and hint
   */
  async respond(modelId: string, messages: readonly LanguageModelMessage[], report: (text: string) => void,
    token: CancellationSignal): Promise<void> {
    const source = new CancellationTokenSource();
    const subscription = token.onCancellationRequested(() => source.cancel());
    if (token.isCancellationRequested) {
      source.cancel();
    }
    try {
      await this.transport.complete({ model: modelId, messages: toChatMessages(messages) }, { onDelta: report }, source.token);
    } catch (failure) {
      const error = toSidecarError(failure);
      if (!error.cancelled) {
        const { type, message, hint } = error.data;
        throw new Error(`${type}: ${message}${hint ? ` ${hint}` : ''}`);
      }
    } finally {
      subscription.dispose();
      source.dispose();
    }
  }

  /** About four characters per token: the sidecar has no tokenizer for every backend. */
  tokenCount(text: string | LanguageModelMessage): number {
    const content = typeof text === 'string' ? text : partsText(text.content);
    return Math.ceil(content.length / 4);
  }
}

/** VS Code's messages as the sidecar's; parts that carry no text (tool calls, images) are left out. */
export function toChatMessages(messages: readonly LanguageModelMessage[]): ChatMessage[] {
  return messages
    .map((message) => ({ role: roleOf(message.role), content: partsText(message.content) }))
    .filter((message) => message.content !== '');
}

function roleOf(role: number): Role {
  return role === 1 ? 'user' : role === 2 ? 'assistant' : 'system';
}

/** The text of text parts (`{ value: string }`) and of tool results' text parts (`{ content: [...] }`). */
function partsText(parts: readonly unknown[]): string {
  return parts.map((part) => {
    if (typeof part === 'string') {
      return part;
    }
    const candidate = part as { value?: unknown; content?: unknown };
    if (typeof candidate?.value === 'string') {
      return candidate.value;
    }
    return Array.isArray(candidate?.content) ? partsText(candidate.content) : '';
  }).join('');
}

function toInfo(model: ModelInfo): LanguageModelInfo {
  const limits = LIMITS[model.provider] ?? LIMITS.default;
  return {
    id: model.id,
    name: model.label,
    family: model.provider,
    version: model.id,
    tooltip: `${model.label} through the chat sidecar (${model.id})`,
    detail: model.status === 'unchecked' ? 'not checked yet' : 'Chat Sidecar',
    maxInputTokens: limits.input,
    maxOutputTokens: limits.output,
    capabilities: {},
  };
}
