import type { PageMessage } from './pageMessages';

/** The string members each page message must carry (the page is code we ship, but its messages are still checked). */
const REQUIRED_STRINGS: Record<PageMessage['type'], readonly string[]> = {
  ready: [],
  stop: [],
  newChat: [],
  attachCurrentFile: [],
  attachSelection: [],
  pickFiles: [],
  restartSidecar: [],
  send: ['text'],
  copy: ['text'],
  insert: ['text'],
  apply: ['text', 'language'],
  newFile: ['text', 'language'],
  retry: ['turnId'],
  selectModel: ['model'],
  openChat: ['chatId'],
  deleteChat: ['chatId'],
  findFiles: ['query'],
  attachFile: ['path'],
  removeContext: ['id'],
  openSetting: ['setting'],
};

/** True when `value` is a message the page may send, with every member it needs. */
export function isPageMessage(value: unknown): value is PageMessage {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const message = value as Record<string, unknown>;
  const required = Object.prototype.hasOwnProperty.call(REQUIRED_STRINGS, String(message.type))
    ? REQUIRED_STRINGS[message.type as PageMessage['type']] : undefined;
  return required !== undefined && required.every((member) => typeof message[member] === 'string');
}
