import type { Attachments } from './chatSession';
import type { ContextItem } from './pageMessages';
import { fencedCode, lineRange } from './selectionPrompt';

/** A file or selection read from the editor, ready to attach. */
export interface AttachedText {
  /** Workspace-relative path as the user knows it. */
  path: string;
  /** VS Code's languageId, used as the fence language. */
  language?: string;
  text: string;
  /** Set for a selection (1-based). */
  lines?: { start: number; end: number };
}

/** Beyond this many characters a file is cut (a whole log file would not fit any model's context). */
export const MAX_ATTACHED_CHARS = 60_000;

/**
 * What the next question carries besides its text: chips the user adds (current file, selection,
 * `#file`, picker) and removes before sending. Adding the same thing twice keeps one chip.
 */
export class ContextBasket {
  private items: (ContextItem & { attached: AttachedText })[] = [];
  private idSeq = 0;

  /** Adds a chip; returns false when the same file (or the same lines) is already attached. */
  add(attached: AttachedText): boolean {
    const label = attachmentLabel(attached);
    if (this.items.some((item) => item.label === label)) {
      return false;
    }
    this.items.push({ id: `ctx${++this.idSeq}`, kind: attached.lines ? 'selection' : 'file', label, attached });
    return true;
  }

  remove(id: string): void {
    this.items = this.items.filter((item) => item.id !== id);
  }

  clear(): void {
    this.items = [];
  }

  /** The chips, for the page. */
  get view(): ContextItem[] {
    return this.items.map(({ id, kind, label }) => ({ id, kind, label }));
  }

  /** What is sent with the question, or undefined when nothing is attached. */
  attachments(): Attachments | undefined {
    if (this.items.length === 0) {
      return undefined;
    }
    return {
      labels: this.items.map((item) => item.label),
      text: this.items.map((item) => attachmentText(item.attached)).join('\n'),
    };
  }
}

/** `src/a.ts`, or `src/a.ts:3-9` for a selection. */
export function attachmentLabel(attached: AttachedText): string {
  if (!attached.lines) {
    return attached.path;
  }
  const { start, end } = attached.lines;
  return start === end ? `${attached.path}:${start}` : `${attached.path}:${start}-${end}`;
}

/** One attachment as the model reads it: where it comes from, then the code in a fence. */
export function attachmentText(attached: AttachedText): string {
  const cut = attached.text.length > MAX_ATTACHED_CHARS;
  const text = cut ? attached.text.slice(0, MAX_ATTACHED_CHARS) : attached.text;
  const where = attached.lines ? ` (${lineRange(attached.lines.start, attached.lines.end)})` : '';
  const note = cut ? ` — only the first ${MAX_ATTACHED_CHARS} characters` : '';
  return `From \`${attached.path}\`${where}${note}:\n\n${fencedCode(text, attached.language)}`;
}
