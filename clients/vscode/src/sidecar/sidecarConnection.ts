import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as readline from 'node:readline';
import { CancellationToken, ProgressType } from 'vscode-jsonrpc';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { SidecarLaunch } from './launchCommand';
import {
  Method, type ChatCompleteParams, type ChatCompleteResult, type ChatModelsResult, type InitializeResult,
  type LogMessageParams, type ProgressValue,
} from './protocol';
import type { SettingsObject } from './settingsObject';
import { ConfigurationProblem, stopped, toSidecarError } from './sidecarError';

/** How a sidecar process ended. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Receives the streamed parts of one answer. */
export interface StreamHandlers {
  /** The model that answers (once, before the first delta). */
  onBegin?(model: string): void;
  /** The next piece of the answer; `seq` counts 1, 2, 3 … */
  onDelta(text: string, seq: number): void;
  /** The next piece of the model's reasoning (a report's optional `reasoning`), shown apart from the answer. */
  onReasoning?(text: string): void;
}

export interface StartOptions {
  initializationOptions: SettingsObject;
  clientInfo?: { name: string; version?: string };
  /** The JVM starts in about a second; a loaded CI machine can take many times that. */
  initializeTimeoutMs?: number;
  /** Told of every `chat/modelsChanged` notification (some model's availability changed). */
  onModelsChanged?: () => void;
}

const PROGRESS = new ProgressType<ProgressValue>();
const STDERR_TAIL_LINES = 5;

/**
 * One running sidecar process and the JSON-RPC connection over its stdio, initialized and ready.
 * Its stderr and `window/logMessage` notifications go to `log`. It does not restart itself: see
 * {@link SidecarSupervisor}.
 */
export class SidecarConnection {
  private tokenSeq = 0;
  private closed = false;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly connection: MessageConnection,
    /** Resolves once the process has ended and its output is read; never rejects. */
    readonly exited: Promise<ExitInfo>,
    readonly serverInfo: InitializeResult['serverInfo'],
    private readonly exitGraceMs?: number,
  ) {
    void exited.then(() => { this.closed = true; });
  }

  /**
   * Spawns the sidecar and completes `initialize` / `initialized`.
   *
   * @throws ConfigurationProblem when Java cannot be run;
   *   Error with a plain-language message when the process exits during
   *   start-up, or `initialize` fails or times out (the process is then killed)
   */
  static async start(launch: SidecarLaunch, options: StartOptions, log: (line: string) => void): Promise<SidecarConnection> {
    const child = spawn(launch.command, launch.args, { env: launch.env, stdio: 'pipe' });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(new ConfigurationProblem(`could not run "${launch.command}" (${error.message}). `
        + 'Install Java 17 or newer, or set chatSidecar.server.javaPath.', 'server.javaPath')));
    });
    log(`started sidecar (pid ${child.pid}): ${launch.command} ${launch.args.join(' ')}`);
    // later 'error' events (a failed kill) would otherwise be thrown into the extension host
    child.on('error', (error) => log(`sidecar process: ${error.message}`));
    // a write after the process died must not crash the extension host; the exit is handled below
    child.stdin.on('error', (error) => log(`sidecar stdin: ${error.message}`));
    const stderrTail: string[] = [];
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      launch.onStderrLine?.(line);
      log(line);
      stderrTail.push(line);
      stderrTail.splice(0, stderrTail.length - STDERR_TAIL_LINES);
    });

    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.onNotification(Method.logMessage, (params: LogMessageParams) => log(`[sidecar] ${params.message}`));
    connection.onNotification(Method.modelsChanged, () => options.onModelsChanged?.());
    let initialized = false;
    const exited = new Promise<ExitInfo>((resolve) => {
      // 'close' comes after stdout is drained, so every response the sidecar wrote is read first
      child.once('close', (code, signal) => {
        connection.dispose();
        log(`sidecar (pid ${child.pid}) exited: ${describeExit({ code, signal })}`);
        const note = launch.afterExit?.({ initialized });
        if (note) {
          log(note);
        }
        resolve({ code, signal });
      });
    });
    connection.listen();

    // a JVM that cannot start (missing jar, old Java) says why on stderr: keep that in the error
    const diedDuringStart = (exit: ExitInfo) => new Error(`the sidecar exited during start-up (${describeExit(exit)})`
      + (stderrTail.length > 0 ? `: ${stderrTail.join(' ')}` : ''));
    const init = connection.sendRequest<InitializeResult>(Method.initialize, {
      processId: process.pid,
      clientInfo: options.clientInfo ?? { name: 'chat-sidecar-vscode' },
      initializationOptions: options.initializationOptions,
    }, CancellationToken.None).catch(async (error: unknown) => {
      const failure = toSidecarError(error);
      throw failure.data.type === 'sidecar_stopped' ? diedDuringStart(await exited) : new Error(`initialize failed: ${failure.message}`);
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        init,
        exited.then((exit) => { throw diedDuringStart(exit); }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('the sidecar did not answer initialize in time')),
            options.initializeTimeoutMs ?? 60_000);
        }),
      ]);
      initialized = true;
      await connection.sendNotification(Method.initialized, {});
      return new SidecarConnection(child, connection, exited, result.serverInfo, launch.exitGraceMs);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The process id, for logs and for tests that kill it. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** `chat/models`; `refresh` asks the sidecar to probe the models again now. @throws SidecarError */
  async models(refresh = false): Promise<ChatModelsResult> {
    try {
      return await this.connection.sendRequest<ChatModelsResult>(Method.models, refresh ? { refresh: true } : {}, CancellationToken.None);
    } catch (error) {
      throw toSidecarError(error);
    }
  }

  /**
   * `chat/complete`, streamed through `$/progress` with a fresh `workDoneToken`. Cancelling `token`
   * sends `$/cancelRequest`; the sidecar then fails the request with type `cancelled` and the
   * partial text.
   *
   * @throws SidecarError; its `data.partialText` holds what was streamed before the failure
   */
  async complete(params: ChatCompleteParams, handlers: StreamHandlers, token: CancellationToken = CancellationToken.None):
    Promise<ChatCompleteResult> {
    if (this.closed) {
      throw stopped();
    }
    const workDoneToken = `chat-${++this.tokenSeq}`;
    let streamed = '';
    const subscription = this.connection.onProgress(PROGRESS, workDoneToken, (value) => {
      if (value.kind === 'begin') {
        handlers.onBegin?.(value.model);
      } else if (value.kind === 'report') {
        if (typeof value.reasoning === 'string' && value.reasoning) {
          handlers.onReasoning?.(value.reasoning);
        }
        streamed += value.delta;
        if (value.delta) {
          handlers.onDelta(value.delta, value.seq);
        }
      }
    });
    try {
      return await this.connection.sendRequest<ChatCompleteResult>(Method.complete, { ...params, workDoneToken }, token);
    } catch (error) {
      throw toSidecarError(error, streamed);
    } finally {
      subscription.dispose();
    }
  }

  /** `workspace/didChangeConfiguration`: the object replaces the sidecar's settings as a whole. */
  async changeConfiguration(settings: SettingsObject): Promise<void> {
    if (!this.closed) {
      await this.connection.sendNotification(Method.didChangeConfiguration, { settings });
    }
  }

  /**
   * `shutdown` then `exit`, waiting up to `timeoutMs` for each (for the exit, the launch's
   * `exitGraceMs` when it has one); a process that does not end in time is killed.
   */
  async shutdown(timeoutMs = 3000): Promise<ExitInfo> {
    if (!this.closed) {
      try {
        await withTimeout(this.connection.sendRequest(Method.shutdown, CancellationToken.None), timeoutMs);
        await this.connection.sendNotification(Method.exit);
      } catch {
        // unresponsive or already gone: killed below if it does not end by itself
      }
    }
    const exit = await withTimeout(this.exited, this.exitGraceMs ?? timeoutMs).catch(() => undefined);
    if (exit) {
      return exit;
    }
    this.child.kill('SIGKILL');
    return this.exited;
  }
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}
