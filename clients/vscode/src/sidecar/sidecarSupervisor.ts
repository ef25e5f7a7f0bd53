import { CancellationToken } from 'vscode-jsonrpc';
import { exponentialBackoff, type Backoff } from './backoff';
import type { SidecarLaunch } from './launchCommand';
import type { ChatCompleteParams, ChatCompleteResult, ChatModelsResult } from './protocol';
import { describeExit, SidecarConnection, type ExitInfo, type StreamHandlers } from './sidecarConnection';
import { ConfigurationProblem, SidecarError, unavailable } from './sidecarError';
import type { SettingsObject } from './settingsObject';

export type SidecarState = 'starting' | 'ready' | 'restarting' | 'failed' | 'stopped';

/** What the user is told about the sidecar process. */
export interface SidecarStatus {
  state: SidecarState;
  message?: string;
  /** When failed because of a setting: the `chatSidecar.` setting that fixes it (nothing is retried until it changes). */
  setting?: string;
}

export interface SupervisorOptions {
  /** Read on every start, so changed server settings apply to the next process. May throw (jar missing). */
  launch(): SidecarLaunch;
  /** The Settings object sent as `initializationOptions` and on {@link SidecarSupervisor.updateSettings}. */
  settings(): SettingsObject;
  log(line: string): void;
  clientInfo?: { name: string; version?: string };
  /** Called when the count of crashes in a row reaches `warnAfterCrashes`. */
  onRepeatedCrashes?(crashes: number, lastCause: string): void;
  backoff?: Backoff;
  warnAfterCrashes?: number;
  /** After this many crashes in a row the supervisor stops restarting until the next request. */
  maxRestarts?: number;
  /** A process that ran this long before it died resets the crash count. */
  stableAfterMs?: number;
  initializeTimeoutMs?: number;
}

/**
 * Keeps one sidecar process running: starts it on first use, restarts it with backoff when it
 * dies, forwards settings changes, and shuts it down cleanly. Requests made while it is starting
 * wait for it; a request made while a restart is pending starts it at once.
 */
export class SidecarSupervisor {
  private current?: SidecarConnection;
  private starting?: Promise<SidecarConnection>;
  private restartTimer?: NodeJS.Timeout;
  private crashes = 0;
  private startedAt = 0;
  private stopping = false;
  private lastStatus: SidecarStatus = { state: 'stopped' };
  private readonly statusListeners = new Set<(status: SidecarStatus) => void>();
  private readonly modelsListeners = new Set<() => void>();
  private readonly backoff: Backoff;

  constructor(private readonly options: SupervisorOptions) {
    this.backoff = options.backoff ?? exponentialBackoff();
  }

  get status(): SidecarStatus {
    return this.lastStatus;
  }

  /** The running process, if any (for tests and diagnostics). */
  get running(): SidecarConnection | undefined {
    return this.current && !this.current.isClosed ? this.current : undefined;
  }

  /** Calls `listener` on every status change; returns the function that unsubscribes. */
  onStatus(listener: (status: SidecarStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Calls `listener` on every `chat/modelsChanged` of any sidecar process; returns the function that unsubscribes. */
  onModelsChanged(listener: () => void): () => void {
    this.modelsListeners.add(listener);
    return () => this.modelsListeners.delete(listener);
  }

  /** The ready connection, starting the sidecar if needed. @throws SidecarError (`sidecar_unavailable`) */
  connection(): Promise<SidecarConnection> {
    if (this.stopping) {
      return Promise.reject(unavailable('the extension is shutting down.'));
    }
    if (this.current && !this.current.isClosed) {
      return Promise.resolve(this.current);
    }
    if (!this.starting) {
      this.cancelRestart();
      this.starting = this.startOnce().finally(() => { this.starting = undefined; });
    }
    return this.starting;
  }

  async models(refresh = false): Promise<ChatModelsResult> {
    return (await this.connection()).models(refresh);
  }

  async complete(params: ChatCompleteParams, handlers: StreamHandlers, token: CancellationToken = CancellationToken.None):
    Promise<ChatCompleteResult> {
    const connection = await this.connection();
    if (token.isCancellationRequested) {
      throw new SidecarError(-32800, { type: 'cancelled', message: 'Stopped before the request was sent.', hint: '', retryable: true });
    }
    return connection.complete(params, handlers, token);
  }

  /** Sends the current settings to the running sidecar; a sidecar started later gets them at start. */
  async updateSettings(): Promise<void> {
    const running = this.running;
    if (running) {
      await running.changeConfiguration(this.options.settings());
      this.options.log('sent changed settings to the sidecar');
    }
  }

  /**
   * Replaces the process on purpose (the server settings changed); not counted as a crash. A start
   * under way was launched with the old settings: it is waited for and replaced too.
   */
  async restart(): Promise<SidecarConnection> {
    const old = this.current ?? await this.starting?.catch(() => undefined);
    this.current = undefined;
    this.crashes = 0;
    this.cancelRestart();
    if (old) {
      await old.shutdown();
    }
    return this.connection();
  }

  /** `shutdown` + `exit` and no more restarts. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.cancelRestart();
    const connection = this.current ?? await this.starting?.catch(() => undefined);
    this.current = undefined;
    if (connection) {
      await connection.shutdown();
    }
    this.setStatus({ state: 'stopped' });
  }

  private async startOnce(): Promise<SidecarConnection> {
    this.setStatus({ state: this.crashes > 0 ? 'restarting' : 'starting', message: 'Starting the chat sidecar…' });
    let connection: SidecarConnection;
    try {
      connection = await SidecarConnection.start(this.options.launch(), {
        initializationOptions: this.options.settings(),
        clientInfo: this.options.clientInfo,
        initializeTimeoutMs: this.options.initializeTimeoutMs,
        onModelsChanged: () => this.modelsListeners.forEach((listener) => listener()),
      }, (line) => this.options.log(line));
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      this.options.log(`sidecar start failed: ${cause}`);
      if (error instanceof ConfigurationProblem) {
        // retrying cannot help: wait for the setting to change (restart) or the next question
        this.setStatus({ state: 'failed', message: `${capitalized(cause)}`, setting: error.setting });
        throw unavailable(cause, error);
      }
      if (!this.stopping) {
        this.crashed(cause);
      }
      throw unavailable(cause);
    }
    if (this.stopping) {
      await connection.shutdown();
      throw unavailable('the extension is shutting down.');
    }
    this.current = connection;
    this.startedAt = Date.now();
    void connection.exited.then((exit) => this.exited(connection, exit));
    const { name, version } = connection.serverInfo;
    this.setStatus({ state: 'ready', message: `${name}${version ? ` ${version}` : ''}` });
    return connection;
  }

  private exited(connection: SidecarConnection, exit: ExitInfo): void {
    if (connection !== this.current) {
      return; // replaced on purpose
    }
    this.current = undefined;
    if (this.stopping) {
      return;
    }
    if (Date.now() - this.startedAt >= (this.options.stableAfterMs ?? 60_000)) {
      this.crashes = 0;
    }
    this.crashed(`the sidecar stopped unexpectedly (${describeExit(exit)})`);
  }

  private crashed(cause: string): void {
    this.crashes++;
    if (this.crashes === (this.options.warnAfterCrashes ?? 3)) {
      this.options.onRepeatedCrashes?.(this.crashes, cause);
    }
    if (this.crashes > (this.options.maxRestarts ?? 5)) {
      this.setStatus({ state: 'failed', message: `The chat sidecar failed ${this.crashes - 1} times in a row: ${cause}` });
      return;
    }
    const delay = this.backoff.delayMs(this.crashes);
    this.setStatus({ state: 'restarting', message: `${capitalized(cause)}; restarting in ${formatDelay(delay)}…` });
    this.options.log(`restart ${this.crashes} in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.connection().catch(() => { /* counted and reported in startOnce */ });
    }, delay);
    this.restartTimer.unref();
  }

  private cancelRestart(): void {
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.restartTimer = undefined;
    }
  }

  private setStatus(status: SidecarStatus): void {
    this.lastStatus = status;
    for (const listener of this.statusListeners) {
      listener(status);
    }
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
