/** Where in the file a code block goes, and the file with it applied. */
export interface AppliedCode {
  text: string;
  /** `selection`: replaced the selection; `matched`: replaced the lines the block rewrites; `cursor`: inserted. */
  how: 'selection' | 'matched' | 'cursor';
}

/** The target editor's state, as offsets into its text. */
export interface ApplyTarget {
  text: string;
  selectionStart: number;
  selectionEnd: number;
}

/** A first line shorter than this (`}`, `end`) says too little about where the block belongs. */
const MIN_ANCHOR_LENGTH = 6;

/**
 * The file with the code block applied, for the diff the user accepts or discards:
 * 1. a non-empty selection is replaced by the block;
 * 2. else, when the block's first line is in the file (say, the signature of a function the
 *    answer rewrote), the lines from there to the line matching the block's last line (the span
 *    closest in length to the block) are replaced;
 * 3. else the block is inserted at the cursor.
 */
export function applyCodeBlock(target: ApplyTarget, block: string): AppliedCode {
  const code = block.endsWith('\n') ? block : `${block}\n`;
  if (target.selectionEnd > target.selectionStart) {
    const replaced = target.text.slice(target.selectionStart, target.selectionEnd).endsWith('\n') ? code : code.replace(/\n$/, '');
    return { text: splice(target.text, target.selectionStart, target.selectionEnd, replaced), how: 'selection' };
  }
  const matched = matchedSpan(target.text.split('\n'), code.replace(/\n$/, '').split('\n'));
  if (matched) {
    const lines = target.text.split('\n');
    const result = [...lines.slice(0, matched.start), ...code.replace(/\n$/, '').split('\n'), ...lines.slice(matched.end + 1)];
    return { text: result.join('\n'), how: 'matched' };
  }
  return { text: splice(target.text, target.selectionStart, target.selectionStart, code), how: 'cursor' };
}

/** The lines (inclusive) of `file` that `block` rewrites, or undefined when its first line is not found. */
function matchedSpan(file: string[], block: string[]): { start: number; end: number } | undefined {
  const first = block.find((line) => line.trim() !== '')?.trim() ?? '';
  const last = [...block].reverse().find((line) => line.trim() !== '')?.trim() ?? '';
  if (first.length < MIN_ANCHOR_LENGTH) {
    return undefined;
  }
  const start = file.findIndex((line) => line.trim() === first);
  if (start < 0) {
    return undefined;
  }
  let best: number | undefined;
  for (let end = start; end < file.length; end++) {
    if (file[end].trim() === last && (best === undefined || Math.abs(end - start + 1 - block.length) < Math.abs(best - start + 1 - block.length))) {
      best = end;
    }
  }
  return best === undefined ? undefined : { start, end: best };
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}
