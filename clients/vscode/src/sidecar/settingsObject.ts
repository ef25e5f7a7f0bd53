/**
 * The sidecar settings this extension forwards, as dotted keys of the contract's Settings object.
 * Each one is also an extension setting `chatSidecar.<key>` (see package.json). `openai.apiKey` is
 * left out on purpose: settings are plain-text JSON, so the key comes from `OPENAI_API_KEY` only.
 */
export const SIDECAR_SETTING_KEYS = [
  'defaultModel',
  'chatgpt.baseUrl',
  'chatgpt.userAgent',
  'chatgpt.powHash',
  'chatgpt.powTimeoutMs',
  'http.proxy',
  'http.noProxy',
  'tls.caFile',
  'http.connectTimeoutMs',
  'http.idleTimeoutMs',
  'http.answerTimeoutMs',
  'openai.baseUrl',
  'openai.models',
  'local.modelPath',
  'local.maxTokens',
  'local.threads',
  'local.contextSize',
  'fallback',
  'log.level',
  'log.file',
  'limits.maxRequestsInFlight',
  'limits.maxRequestBytesInFlight',
  'limits.workerThreads',
] as const;

export type SidecarSettingKey = (typeof SIDECAR_SETTING_KEYS)[number];

/** A nested Settings object as `initializationOptions` and `workspace/didChangeConfiguration` take it. */
export type SettingsObject = { [section: string]: SettingsObject | string | number | string[] };

/**
 * Builds the nested Settings object from flat values. Unset values (undefined, null, blank strings,
 * empty lists) are left out, so the sidecar falls back to its environment variables and defaults.
 * `editorProxy` (VS Code's own `http.proxy`) is used when `http.proxy` is unset.
 */
export function settingsObject(values: Partial<Record<SidecarSettingKey, unknown>>, editorProxy?: string): SettingsObject {
  const result: SettingsObject = {};
  for (const key of SIDECAR_SETTING_KEYS) {
    let value = normalized(values[key]);
    if (key === 'http.proxy' && value === undefined) {
      value = normalized(editorProxy);
    }
    if (value !== undefined) {
      put(result, key.split('.'), value);
    }
  }
  return result;
}

function normalized(value: unknown): string | number | string[] | undefined {
  if (typeof value === 'string') {
    return value.trim() ? value.trim() : undefined;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (Array.isArray(value)) {
    const items = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
    return items.length > 0 ? items : undefined;
  }
  return undefined;
}

function put(target: SettingsObject, path: string[], value: string | number | string[]): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const existing = target[head];
  const section: SettingsObject = typeof existing === 'object' && !Array.isArray(existing) ? existing : {};
  target[head] = section;
  put(section, rest, value);
}
