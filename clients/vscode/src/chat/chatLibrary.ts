import type { ConversationRef } from '../sidecar/protocol';
import { restoredChat, type HistoryStore, type SavedChat } from './chatHistory';
import type { ChatSummary } from './pageMessages';

/** One chat of the workspace's history. */
export interface StoredChat extends SavedChat {
  id: string;
  createdAt: number;
  updatedAt: number;
}

/** Every chat of a workspace and which one is open. */
export interface SavedLibrary {
  version: 2;
  currentId: string;
  chats: StoredChat[];
}

/** The oldest chats beyond this many are dropped, so the workspace state stays small. */
export const MAX_CHATS = 50;
const TITLE_LENGTH = 60;

/**
 * The chats of a workspace: one is open; New chat opens a fresh one and keeps the others; a chat
 * can be reopened or deleted. Reads the older single-chat format (version 1) as one chat.
 */
export class ChatLibrary {
  private chats: StoredChat[];
  private currentId: string;
  private idSeq = 0;

  constructor(private readonly store: HistoryStore<SavedLibrary>, private readonly now: () => number = Date.now) {
    const { chats, currentId } = this.restore(store.load());
    this.chats = chats;
    this.currentId = currentId;
  }

  get current(): StoredChat {
    return this.chats.find((chat) => chat.id === this.currentId) ?? this.create();
  }

  /** The store a {@link ChatSession} of chat `id` reads and writes. */
  storeFor(id: string): HistoryStore {
    return {
      load: () => this.chats.find((chat) => chat.id === id),
      save: (saved) => {
        const chat = this.chats.find((candidate) => candidate.id === id);
        if (chat) {
          Object.assign(chat, { turns: saved.turns, conversation: saved.conversation, updatedAt: this.now() });
          this.persist();
        }
      },
    };
  }

  /** Opens a fresh chat, unless the open one is still empty (then it stays open). */
  create(): StoredChat {
    const open = this.chats.find((chat) => chat.id === this.currentId);
    if (open && open.turns.length === 0) {
      return open;
    }
    const time = this.now();
    const chat: StoredChat = { version: 1, id: `c${time.toString(36)}-${++this.idSeq}`, createdAt: time, updatedAt: time, turns: [] };
    this.chats = [chat, ...this.chats.filter((other) => other.turns.length > 0)].slice(0, MAX_CHATS);
    this.currentId = chat.id;
    this.persist();
    return chat;
  }

  /** Makes chat `id` the open one; undefined when there is no such chat. */
  open(id: string): StoredChat | undefined {
    const chat = this.chats.find((candidate) => candidate.id === id);
    if (chat) {
      this.currentId = id;
      this.persist();
    }
    return chat;
  }

  /** Forgets chat `id`; when it was open, the most recent other chat (or a fresh one) opens. */
  delete(id: string): StoredChat {
    this.chats = this.chats.filter((chat) => chat.id !== id);
    if (this.currentId === id) {
      const next = [...this.chats].sort((a, b) => b.updatedAt - a.updatedAt)[0];
      this.currentId = next?.id ?? '';
    }
    this.persist();
    return this.current;
  }

  /** The chats that have a question, newest first, for the history list. */
  summaries(): ChatSummary[] {
    return this.chats
      .filter((chat) => chat.turns.length > 0)
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((chat) => ({ id: chat.id, title: chatTitle(chat.turns[0].prompt), updatedAt: chat.updatedAt }));
  }

  private persist(): void {
    this.store.save({ version: 2, currentId: this.currentId, chats: this.chats });
  }

  private restore(value: unknown): { chats: StoredChat[]; currentId: string } {
    const saved = value as Partial<SavedLibrary> | undefined;
    if (saved?.version === 2 && Array.isArray(saved.chats)) {
      const chats = saved.chats.filter(isStoredChat).map((chat) => ({ ...chat, ...restoredChat(chat) }));
      return { chats, currentId: typeof saved.currentId === 'string' ? saved.currentId : '' };
    }
    const legacy = restoredChat(value);
    if (legacy.turns.length === 0) {
      return { chats: [], currentId: '' };
    }
    const time = this.now();
    return { chats: [{ ...legacy, id: `c${time.toString(36)}-0`, createdAt: time, updatedAt: time }], currentId: `c${time.toString(36)}-0` };
  }
}

/** The first question on one line, shortened. */
export function chatTitle(prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line || 'Untitled chat';
}

function isStoredChat(value: unknown): value is StoredChat & { conversation?: ConversationRef } {
  const chat = value as StoredChat;
  return typeof chat === 'object' && chat !== null && typeof chat.id === 'string' && Array.isArray(chat.turns)
    && typeof chat.updatedAt === 'number' && typeof chat.createdAt === 'number';
}
