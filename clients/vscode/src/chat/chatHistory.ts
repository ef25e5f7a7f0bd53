import type { ConversationRef } from '../sidecar/protocol';
import type { ChatTurn } from './pageMessages';

/** What is kept of a chat across reloads (per workspace). */
export interface SavedChat {
  version: 1;
  turns: ChatTurn[];
  conversation?: ConversationRef;
}

/** Where a chat (or the list of chats) is kept; the extension backs it with the workspace state. */
export interface HistoryStore<T = SavedChat> {
  load(): unknown;
  save(value: T): void;
}

/** A store that forgets (for tests and when no workspace state exists). */
export function memoryHistory<T = SavedChat>(initial?: T): HistoryStore<T> & { saved?: T } {
  const store: HistoryStore<T> & { saved?: T } = {
    saved: initial,
    load: () => store.saved,
    save: (chat) => { store.saved = chat; },
  };
  return store;
}

/**
 * Reads a saved chat defensively (it may come from an older version or be damaged): anything that
 * is not a turn is dropped, and a turn still streaming when the window closed becomes stopped.
 */
export function restoredChat(value: unknown): SavedChat {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as SavedChat).turns)) {
    return { version: 1, turns: [] };
  }
  const saved = value as SavedChat;
  const turns = saved.turns.filter(isTurn).map((turn): ChatTurn => (turn.status === 'streaming' ? { ...turn, status: 'stopped' } : turn));
  const conversation = typeof saved.conversation === 'object' && saved.conversation !== null ? saved.conversation : undefined;
  return { version: 1, turns, conversation };
}

export function isTurn(value: unknown): value is ChatTurn {
  const turn = value as ChatTurn;
  return typeof turn === 'object' && turn !== null && typeof turn.id === 'string' && typeof turn.prompt === 'string'
    && typeof turn.answer === 'string' && ['streaming', 'done', 'stopped', 'error'].includes(turn.status);
}
