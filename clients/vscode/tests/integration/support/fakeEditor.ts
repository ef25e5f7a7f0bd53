/** A text editor, its document and the edit classes, as far as Apply and New file use them. */

export class FakePosition {
  constructor(readonly line: number, readonly character: number) {}
}

export class FakeRange {
  constructor(readonly start: FakePosition, readonly end: FakePosition) {}
}

export class FakeWorkspaceEdit {
  readonly replacements: { uri: unknown; range: FakeRange; text: string }[] = [];
  replace(uri: unknown, range: FakeRange, text: string): void {
    this.replacements.push({ uri, range, text });
  }
}

/** VS Code's `TabInputTextDiff` (only checked with `instanceof`). */
export class FakeTabInputTextDiff {
  constructor(readonly original: unknown, readonly modified: { toString(): string }) {}
}

export interface FakeDocumentUri {
  scheme: string;
  fsPath: string;
  toString(): string;
}

/** A document whose text the test sets and `applyEdit` changes. */
export class FakeDocument {
  version = 1;
  constructor(readonly uri: FakeDocumentUri, public text: string, readonly languageId: string) {}

  getText(range?: FakeRange): string {
    return range ? this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }

  offsetAt(position: FakePosition): number {
    const lines = this.text.split('\n');
    return lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  }

  positionAt(offset: number): FakePosition {
    const before = this.text.slice(0, offset).split('\n');
    return new FakePosition(before.length - 1, before[before.length - 1].length);
  }

  /** Applies one replacement, as `workspace.applyEdit` would. */
  replace(range: FakeRange, text: string): void {
    this.text = this.text.slice(0, this.offsetAt(range.start)) + text + this.text.slice(this.offsetAt(range.end));
    this.version++;
  }
}

/** An editor on `document` with the cursor (an empty selection) at `offset`. */
export function fakeEditor(document: FakeDocument, offset: number) {
  const at = document.positionAt(offset);
  const selection = { start: at, end: at, isEmpty: true };
  return { document, selection, selections: [selection] };
}
