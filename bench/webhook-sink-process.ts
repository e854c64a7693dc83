import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { Receipt, SinkCounts, SinkReply, SinkRequest } from './webhook-sink';

/** A request without its id (Omit over each member of the union). */
type Command = SinkRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** The parent's handle on the webhook receiver child process (bench/webhook-sink.ts). */
export class WebhookSinkProcess {
  private nextId = 0;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.on('message', (message: SinkReply) => {
      if (!('id' in message)) return;
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.result);
    });
  }

  static async start(): Promise<WebhookSinkProcess> {
    // execArgv: [] so that `node --cpu-prof …` on the bench profiles the process under test, not the receiver.
    const child = fork(join(__dirname, 'webhook-sink.js'), [], {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the webhook receiver did not start')), 10_000);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the webhook receiver exited (${code})`)));
      child.on('message', (message: SinkReply) => {
        if ('ready' in message) {
          clearTimeout(timer);
          resolve(message.ready);
        }
      });
    });
    return new WebhookSinkProcess(child, port);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  private request<T>(command: Command): Promise<T> {
    const id = (this.nextId += 1);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`webhook receiver: no answer to ${command.cmd}`));
      }, 30_000);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result as T);
      });
      this.child.send({ ...command, id });
    });
  }

  /** Verify every `verifyEvery`-th delivery to these paths with their secret. */
  trust(secrets: Record<string, string>, verifyEvery: number): Promise<boolean> {
    return this.request({ cmd: 'trust', secrets, verifyEvery });
  }

  counts(): Promise<SinkCounts> {
    return this.request({ cmd: 'count' });
  }

  /** Every receipt since the last take (and forgets them). */
  take(): Promise<Receipt[]> {
    return this.request({ cmd: 'take' });
  }

  usage(): Promise<NodeJS.CpuUsage> {
    return this.request({ cmd: 'usage' });
  }

  /** Resolves once `total` webhooks have arrived in all; `progress` is called about every second. */
  async waitForTotal(
    total: number,
    timeoutMs: number,
    progress?: (counts: SinkCounts) => Promise<void> | void,
  ): Promise<SinkCounts> {
    const deadline = Date.now() + timeoutMs;
    let lastProgress = Date.now();
    for (;;) {
      const counts = await this.counts();
      if (counts.received >= total) return counts;
      if (Date.now() > deadline) {
        throw new Error(`webhook receiver: ${counts.received} of ${total} arrived within ${timeoutMs} ms`);
      }
      if (progress && Date.now() - lastProgress >= 1000) {
        lastProgress = Date.now();
        await progress(counts);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
