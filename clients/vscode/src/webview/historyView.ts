import type { ChatSummary, PageMessage } from '../chat/pageMessages';
import { byId, element } from './dom';

/** The chats of the workspace (title = first question, date), opened from the "Chats" button. */
export class HistoryView {
  private readonly panel = byId<HTMLElement>('history');
  private readonly list = byId<HTMLUListElement>('history-list');
  private readonly toggle = byId<HTMLButtonElement>('history-toggle');
  private readonly title = byId<HTMLElement>('chat-title');

  constructor(post: (message: PageMessage) => void) {
    this.toggle.addEventListener('click', () => this.setOpen(this.panel.hidden));
    byId<HTMLButtonElement>('new-chat').addEventListener('click', () => {
      this.setOpen(false);
      post({ type: 'newChat' });
    });
    this.list.addEventListener('click', (event) => {
      const target = event.target as Element;
      const remove = target.closest<HTMLElement>('[data-delete]')?.dataset.delete;
      const open = target.closest<HTMLElement>('[data-open]')?.dataset.open;
      if (remove) {
        post({ type: 'deleteChat', chatId: remove });
      } else if (open) {
        this.setOpen(false);
        post({ type: 'openChat', chatId: open });
      }
    });
  }

  show(chats: ChatSummary[], currentId: string): void {
    const current = chats.find((chat) => chat.id === currentId);
    this.title.textContent = current?.title ?? 'New chat';
    this.title.title = this.title.textContent;
    this.toggle.textContent = chats.length > 0 ? `Chats (${chats.length})` : 'Chats';
    if (chats.length === 0) {
      this.list.replaceChildren(element('li', 'history-empty', 'No chats yet.'));
      return;
    }
    this.list.replaceChildren(...chats.map((chat) => {
      const item = element('li', `history-item${chat.id === currentId ? ' current' : ''}`);
      const open = element('button', 'history-open');
      open.type = 'button';
      open.dataset.open = chat.id;
      open.append(element('span', 'history-title', chat.title), element('span', 'history-date', formatDate(chat.updatedAt)));
      if (chat.id === currentId) {
        open.setAttribute('aria-current', 'true');
      }
      const remove = element('button', 'history-delete', '×');
      remove.type = 'button';
      remove.dataset.delete = chat.id;
      remove.title = 'Delete this chat';
      remove.setAttribute('aria-label', `Delete "${chat.title}"`);
      item.append(open, remove);
      return item;
    }));
  }

  private setOpen(open: boolean): void {
    this.panel.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
  }
}

/** Today: the time; earlier: the date. */
export function formatDate(time: number, now = Date.now()): string {
  const date = new Date(time);
  return new Date(now).toDateString() === date.toDateString()
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}
