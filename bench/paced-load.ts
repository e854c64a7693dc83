import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { GraphqlClient } from './load';

/**
 * Open-loop load: request i is sent at start + i / rate whether or not earlier ones have been
 * answered (a closed loop would slow down with the server and hide its latency). Runs on a worker
 * thread, like the register bench's clients, so that building and parsing requests does not queue
 * behind the API's work on the main thread.
 */
export interface PacedJob {
  url: string;
  query: string;
  token: string;
  /** variables of request i: { input: inputs[i] } */
  inputs: Record<string, unknown>[];
  ratePerSecond: number;
}

export interface PacedRequest {
  index: number;
  /** wall-clock milliseconds (performance.timeOrigin + performance.now()) just before the request was sent */
  startedAt: number;
  ms: number;
  /** how late the request left against its schedule (the client's own lag) */
  lagMs: number;
  incidentId: string | null;
  error: string | null;
}

export interface PacedRun {
  requests: PacedRequest[];
  /** from the first request sent to the last answer */
  wallMs: number;
  /** requests sent per second, first to last send */
  sentPerSecond: number;
}

interface ReportData {
  reportIncident?: { incident?: { id?: string } };
}

export async function runPaced(job: PacedJob): Promise<PacedRun> {
  const client = new GraphqlClient(job.url);
  const interval = 1000 / job.ratePerSecond;
  const requests: PacedRequest[] = [];
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  let lastSent = started;
  const send = async (index: number, due: number) => {
    const sent = performance.now();
    lastSent = sent;
    const request: PacedRequest = {
      index,
      startedAt: performance.timeOrigin + sent,
      ms: 0,
      lagMs: sent - due,
      incidentId: null,
      error: null,
    };
    requests.push(request);
    try {
      const result = await client.request<ReportData>(job.query, { input: job.inputs[index] }, job.token);
      request.incidentId = result.data?.reportIncident?.incident?.id ?? null;
      if (result.errors?.length) request.error = result.errors[0].message;
      else if (!request.incidentId) request.error = 'no incident id in the answer';
    } catch (error) {
      request.error = String(error);
    }
    request.ms = performance.now() - sent;
  };
  for (let index = 0; index < job.inputs.length; index += 1) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 0.5) await new Promise((resolve) => setTimeout(resolve, wait));
    inflight.push(send(index, due));
  }
  await Promise.all(inflight);
  const wallMs = performance.now() - started;
  const span = lastSent - started;
  return {
    requests: requests.sort((a, b) => a.index - b.index),
    wallMs,
    sentPerSecond: span > 0 ? ((requests.length - 1) / span) * 1000 : requests.length,
  };
}

/** Runs paced jobs on a worker thread. */
export class PacedLoadRunner {
  private readonly worker = new Worker(join(__dirname, 'paced-load-worker.js'));
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (r: PacedRun) => void; reject: (e: Error) => void }
  >();

  constructor() {
    this.worker.on('message', (message: { id: number; result?: PacedRun; error?: string }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.result) waiting.resolve(message.result);
      else waiting.reject(new Error(message.error ?? 'paced load worker failed'));
    });
    this.worker.on('error', (error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    });
  }

  run(job: PacedJob): Promise<PacedRun> {
    const id = (this.nextId += 1);
    return new Promise<PacedRun>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
