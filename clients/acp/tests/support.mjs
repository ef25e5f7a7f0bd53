// Test support: the real chat-sidecar jar started with --acp, driven by the official ACP SDK client,
// and the project's fake backend (chatgpt.com and OpenAI-compatible stand-in) on 127.0.0.1.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import * as acp from '@agentclientprotocol/sdk';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SIDECAR_JAR = path.join(REPO, 'server', 'target', 'chat-sidecar.jar');
export const FAKE_BACKEND_JAR = path.join(REPO, 'fake-backend', 'target', 'fake-backend.jar');
export const LOCAL_MODEL = path.resolve(REPO, '..', 'shared', 'models', 'stories260K.gguf');

/** The jar, or a failure naming the command that builds it (these tests build nothing). */
export function requireFile(file) {
  if (!existsSync(file)) {
    throw new Error(`Missing ${file}. Build the jars first with "mvn -B -q package -DskipTests" at the repository root.`);
  }
  return file;
}

/** The fake backend as a child process; it ends with our stdin too. */
export class FakeBackend {
  constructor(child, ready) {
    this.child = child;
    this.baseUrl = ready.baseUrl;
    this.openaiBaseUrl = ready.openaiBaseUrl;
  }

  static async start(...options) {
    const child = spawn('java', ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', requireFile(FAKE_BACKEND_JAR),
      '--port', '0', '--quiet', ...options]);
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk.toString(); });
    const line = await new Promise((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the fake backend exited with ${code} before listening: ${stderr}`)));
    });
    return new FakeBackend(child, JSON.parse(line));
  }

  async stats() {
    return await (await fetch(`${this.baseUrl}/__stats`)).json();
  }

  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
  }
}

/** The environment without any of the sidecar's settings of the machine running the tests. */
export function cleanEnv(settings) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(CHAT_SIDECAR_|OPENAI_|HTTPS?_PROXY$|https?_proxy$|NO_PROXY$|no_proxy$)/.test(key)) {
      env[key] = value;
    }
  }
  return { ...env, ...settings };
}

/** A loopback port with nothing listening. */
export async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `java -jar chat-sidecar.jar --acp` connected to an SDK client. Every byte of its stdout is kept
 * (`stdoutText()`), and every `session/update` is recorded per session.
 */
export class AcpAgent {
  static start(env) {
    const child = spawn('java', ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xss512k',
      '-jar', requireFile(SIDECAR_JAR), '--acp'], { env });
    return new AcpAgent(child);
  }

  constructor(child) {
    this.child = child;
    this.stdout = [];
    this.stderr = '';
    this.updates = new Map();
    this.listeners = new Set();
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.stderr.on('data', (chunk) => { this.stderr += chunk.toString(); });
    const input = new ReadableStream({
      start: (controller) => {
        child.stdout.on('data', (chunk) => {
          this.stdout.push(chunk);
          controller.enqueue(new Uint8Array(chunk));
        });
        child.stdout.once('end', () => controller.close());
      },
    });
    const app = acp.client({ name: 'chat-sidecar-acp-tests' })
      .onNotification(acp.methods.client.session.update, ({ params }) => {
        const list = this.updates.get(params.sessionId) ?? [];
        list.push(params.update);
        this.updates.set(params.sessionId, list);
        for (const listener of this.listeners) listener(params);
      });
    this.connection = app.connect(acp.ndJsonStream(Writable.toWeb(child.stdin), input));
    this.agent = this.connection.agent;
  }

  request(method, params, options) {
    return this.agent.request(method, params, options);
  }

  notify(method, params) {
    return this.agent.notify(method, params);
  }

  async initialize(protocolVersion = acp.PROTOCOL_VERSION) {
    return await this.request(acp.methods.agent.initialize, {
      protocolVersion,
      clientCapabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: true },
      clientInfo: { name: 'acp-tests', version: '1.0.0' },
    });
  }

  async newSession() {
    return await this.request(acp.methods.agent.session.new, { cwd: REPO, mcpServers: [] });
  }

  /** Sends a prompt; resolves with its response and the updates of that turn. */
  async prompt(sessionId, prompt) {
    const before = (this.updates.get(sessionId) ?? []).length;
    const blocks = typeof prompt === 'string' ? [{ type: 'text', text: prompt }] : prompt;
    const response = await this.request(acp.methods.agent.session.prompt, { sessionId, prompt: blocks });
    const updates = (this.updates.get(sessionId) ?? []).slice(before);
    return { response, updates, text: answerText(updates) };
  }

  /** Resolves with the first update for `sessionId` that `predicate` accepts (from now on). */
  nextUpdate(sessionId, predicate = () => true) {
    return new Promise((resolve) => {
      const listener = (params) => {
        if (params.sessionId === sessionId && predicate(params.update)) {
          this.listeners.delete(listener);
          resolve(params.update);
        }
      };
      this.listeners.add(listener);
    });
  }

  stdoutText() {
    return Buffer.concat(this.stdout).toString('utf8');
  }

  /** Ends stdin and waits for the exit; kills it after `timeoutMs`. */
  async close(timeoutMs = 5000) {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The answer text of a turn: its agent_message_chunk texts joined. */
export function answerText(updates) {
  return updates.filter((u) => u.sessionUpdate === 'agent_message_chunk').map((u) => u.content.text).join('');
}

/** Resolves when `condition(await probe())` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function eventually(what, probe, condition, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export { acp };
