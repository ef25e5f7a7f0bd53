/** Small DOM helpers shared by the page's views. */

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  created.className = className;
  if (text !== undefined) {
    created.textContent = text;
  }
  return created;
}

export function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) {
    throw new Error(`the chat page has no #${id}`);
  }
  return found as T;
}

export function actionButton(action: string, label: string, className = 'link-button'): HTMLButtonElement {
  const button = element('button', className, label);
  button.type = 'button';
  button.dataset.action = action;
  return button;
}
