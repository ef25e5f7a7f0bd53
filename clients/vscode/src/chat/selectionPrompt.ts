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
  const longestRun = Math.max(0, ...(selection.text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const lines = selection.startLine === selection.endLine
    ? `line ${selection.startLine}`
    : `lines ${selection.startLine}–${selection.endLine}`;
  const language = /^[\w+#.-]+$/.test(selection.language ?? '') ? selection.language : '';
  const code = selection.text.replace(/\s+$/, '');
  return `${question.trim() || DEFAULT_SELECTION_QUESTION}\n\n`
    + `From \`${selection.fileName}\` (${lines}):\n\n${fence}${language}\n${code}\n${fence}\n`;
}
