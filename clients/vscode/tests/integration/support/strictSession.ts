import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import * as readline from 'node:readline';
import type { SidecarLaunch } from '../../../src/sidecar/launchCommand';

interface JsonMessage {
  id?: number;
  method?: string;
  result?: unknown;
  error?: unknown;
}

/** What one session wrote and how long `initialize` took. */
export interface StrictSessionRecord {
  /** Every message on stdout, in order; stdout held nothing else. */
  messages: JsonMessage[];
  stderr: string[];
  /** Spawn → the `initialize` response read in full. */
  initializeMs: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What the launch's `afterExit` hook said. */
  note?: string;
}

/**
 * Reads stdout as LSP frames and nothing else: any byte that is not part of a
 * `Content-Length: N\r\n\r\n<N bytes of JSON>` frame is a violation (a JVM warning on stdout).
 */
class StrictFrameReader {
  private buffer = Buffer.alloc(0);
  readonly messages: JsonMessage[] = [];

  constructor(private readonly onMessage: (message: JsonMessage) => void) {}

  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) {
        this.expectHeaderStart();
        return;
      }
      const length = /^Content-Length: (\d+)$/.exec(this.buffer.subarray(0, headerEnd).toString('latin1'))?.[1];
      if (length === undefined) {
        throw this.violation();
      }
      const end = headerEnd + 4 + Number(length);
      if (this.buffer.length < end) {
        return;
      }
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, end).toString('utf8')) as JsonMessage;
      this.buffer = this.buffer.subarray(end);
      this.messages.push(message);
      this.onMessage(message);
    }
  }

  /** At the end of stdout nothing may be left over. */
  finish(): void {
    if (this.buffer.length > 0) {
      throw this.violation();
    }
  }

  private expectHeaderStart(): void {
    const start = this.buffer.subarray(0, 'Content-Length: '.length).toString('latin1');
    if (!'Content-Length: '.startsWith(start)) {
      throw this.violation();
    }
  }

  private violation(): Error {
    return new Error(`stdout is not only protocol frames; found: ${JSON.stringify(this.buffer.subarray(0, 300).toString('utf8'))}`);
  }
}

function frame(message: object): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/**
 * Runs `launch` through `initialize`, `initialized`, `shutdown` and `exit` with hand-written frames,
 * checking that stdout carries nothing but frames, and calls the launch's hooks the way
 * `SidecarConnection` does. Rejects when stdout breaks the framing or the process ends early.
 */
export async function strictSession(launch: SidecarLaunch): Promise<StrictSessionRecord> {
  const started = performance.now();
  const child = spawn(launch.command, launch.args, { env: launch.env, stdio: 'pipe' });
  child.stdin.on('error', () => { /* the process ended early: reported by request() */ });
  const stderr: string[] = [];
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    launch.onStderrLine?.(line);
    stderr.push(line);
  });
  const waiting = new Map<number, (message: JsonMessage) => void>();
  let initializeMs = NaN;
  const reader = new StrictFrameReader((message) => {
    if (message.id === 1 && Number.isNaN(initializeMs)) {
      initializeMs = performance.now() - started;
    }
    if (message.id !== undefined) {
      waiting.get(message.id)?.(message);
    }
  });
  // a violation ends the session at once: the sidecar would wait for requests the reader cannot answer
  let violation: Error | undefined;
  const violated = new Promise<never>((_, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (error) {
        violation ??= error as Error;
        child.kill('SIGKILL');
        reject(violation);
      }
    });
  });
  violated.catch(() => { /* raced below */ });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const request = (id: number, method: string, params?: object) => {
    const answered = new Promise<JsonMessage>((resolve) => waiting.set(id, resolve));
    child.stdin.write(frame({ id, method, ...(params ? { params } : {}) }));
    return Promise.race([answered, violated, closed.then(() => {
      throw violation ?? new Error(`the sidecar ended before answering ${method}: ${stderr.slice(-5).join(' | ')}`);
    })]);
  };

  let initialized = false;
  try {
    const init = await request(1, 'initialize', { processId: process.pid, clientInfo: { name: 'strict-session' } });
    initialized = init.result !== undefined;
    child.stdin.write(frame({ method: 'initialized', params: {} }));
    await request(2, 'shutdown');
    child.stdin.end(frame({ method: 'exit' }));
  } finally {
    if (!child.stdin.writableEnded) {
      child.stdin.end();
    }
  }
  const { code, signal } = await closed;
  const note = launch.afterExit?.({ initialized });
  if (violation) {
    throw violation;
  }
  reader.finish();
  return { messages: reader.messages, stderr, initializeMs, code, signal, note };
}
