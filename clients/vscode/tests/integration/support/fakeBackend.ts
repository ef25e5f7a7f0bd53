import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as net from 'node:net';
import * as readline from 'node:readline';
import { FAKE_BACKEND_JAR, requireJar } from './sidecarJars';

interface FakeStats {
  counts: Record<string, number>;
  clientAborts: number;
  completedStreams: number;
}

/** The project's fake chatgpt.com as a child process on 127.0.0.1 (it ends with our stdin, too). */
export class FakeBackend {
  private constructor(private readonly child: ChildProcessWithoutNullStreams, readonly baseUrl: string) {}

  static async start(...options: string[]): Promise<FakeBackend> {
    const child = spawn('java', ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', requireJar(FAKE_BACKEND_JAR), '--port', '0', '--quiet', ...options]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const line = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the fake backend exited with ${code} before listening: ${stderr}`)));
    });
    const { baseUrl } = JSON.parse(line) as { baseUrl: string };
    return new FakeBackend(child, baseUrl);
  }

  async stats(): Promise<FakeStats> {
    return await (await fetch(`${this.baseUrl}/__stats`)).json() as FakeStats;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
  }
}

/** A loopback port with nothing listening (connections are refused at once). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves when `condition` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => T | Promise<T>, condition: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (condition(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
