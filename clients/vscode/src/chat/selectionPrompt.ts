/** The editor selection a question is about. Lines are 1-based. */
export interface SelectionContext {
  /** The file name as the user knows it (workspace-relative when possible). */
  fileName: string;
  /** A Markdown fence language (VS Code's languageId), if known. */
  language?: string;
  startLine: number;
  endLine: number;
  text: string;
}

export const DEFAULT_SELECTION_QUESTION = 'Explain this code.';

/**
 * The user message for "ask about the selection": the question, then where the code comes from,
 * then the code in a fence long enough that backticks inside the code cannot close it.
 */
export function selectionPrompt(question: string, selection: SelectionContext): string {
  return `${question.trim() || DEFAULT_SELECTION_QUESTION}\n\n`
    + `From \`${selection.fileName}\` (${lineRange(selection.startLine, selection.endLine)}):\n\n${fencedCode(selection.text, selection.language)}`;
}

/** `line 3` or `lines 3–9`. */
export function lineRange(startLine: number, endLine: number): string {
  return startLine === endLine ? `line ${startLine}` : `lines ${startLine}–${endLine}`;
}

/** Code in a fence long enough that backticks inside the code cannot close it, trailing blanks trimmed. */
export function fencedCode(text: string, language?: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const tag = /^[\w+#.-]+$/.test(language ?? '') ? language : '';
  return `${fence}${tag}\n${text.replace(/\s+$/, '')}\n${fence}\n`;
}
