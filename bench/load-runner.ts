import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LoadJob, RunResult, runJob } from './load';

export type ClientThread = 'worker' | 'main';

/** Runs load jobs on a worker thread (default) or on the API's own thread. */
export class LoadRunner {
  private worker?: Worker;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (r: RunResult) => void; reject: (e: Error) => void }
  >();

  constructor(readonly thread: ClientThread) {
    if (thread !== 'worker') return;
    this.worker = new Worker(join(__dirname, 'load-worker.js'));
    this.worker.on('message', (message: { id: number; result?: RunResult; error?: string }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.result) waiting.resolve(message.result);
      else waiting.reject(new Error(message.error ?? 'load worker failed'));
    });
    this.worker.on('error', (error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    });
  }

  run(job: LoadJob): Promise<RunResult> {
    if (!this.worker) return runJob(job);
    const id = (this.nextId += 1);
    return new Promise<RunResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker?.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
