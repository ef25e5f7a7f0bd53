import * as vscode from 'vscode';
import type { ServerSettings } from './sidecar/launchCommand';
import { settingsObject, SIDECAR_SETTING_KEYS, type SettingsObject } from './sidecar/settingsObject';

/** The extension's settings live under `chatSidecar.*`. */
export const SECTION = 'chatSidecar';

export function serverSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    javaPath: config.get<string>('server.javaPath', ''),
    jarPath: config.get<string>('server.jarPath', ''),
    javaArgs: config.get<string[]>('server.javaArgs'),
    classDataSharing: config.get<boolean>('server.classDataSharing', true),
  };
}

/** The sidecar's Settings object; `chatSidecar.http.proxy` falls back to VS Code's `http.proxy`. */
export function sidecarSettings(): SettingsObject {
  const config = vscode.workspace.getConfiguration(SECTION);
  const values = Object.fromEntries(SIDECAR_SETTING_KEYS.map((key) => [key, config.get(key)]));
  return settingsObject(values, vscode.workspace.getConfiguration('http').get<string>('proxy'));
}

/** True when a change touches anything the running sidecar reads. */
export function affectsSidecarSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('http.proxy')
    || SIDECAR_SETTING_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
}

export function selectedModel(): string | undefined {
  return vscode.workspace.getConfiguration(SECTION).get<string>('model')?.trim() || undefined;
}

/**
 * Saves the picked model where the setting is defined now (workspace if set there, else user
 * settings); an empty id removes the setting there, so the sidecar chooses.
 */
export async function selectModel(model: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const target = config.inspect('model')?.workspaceValue !== undefined
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await config.update('model', model || undefined, target);
}
