import type { PageMessage } from '../chat/pageMessages';

/** The part of the webview API the page uses; VS Code (or a test) defines `acquireVsCodeApi`. */
export interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** May be called only once per page load. */
export function vscodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
