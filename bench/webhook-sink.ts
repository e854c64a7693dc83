import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';

/**
 * The benchmark's webhook receiver, run as a child process of the bench (child_process.fork) so that
 * it does not share the event loop of the process under test. It answers every POST with 200 at
 * once, stamps its arrival (wall clock, sub-millisecond) and keeps a compact record; the parent asks
 * for the records over IPC between phases. Every `verifyEvery`-th delivery to a known path is
 * verified with the `standardwebhooks` package (a check that what arrives is genuine, kept cheap).
 */

export interface Receipt {
  path: string;
  /** `webhook-id`: the delivery id (product) or the job id (raw ceiling) */
  deliveryId: string;
  incidentId: string | null;
  /** 1-based escalation step from the payload (`data.alert.step`) */
  step: number | null;
  type: string | null;
  /** wall-clock milliseconds (performance.timeOrigin + performance.now()) when the body had arrived */
  receivedAt: number;
  bytes: number;
}

export interface SinkCounts {
  received: number;
  verified: number;
  verifyFailures: number;
  firstVerifyFailure: string | null;
}

export type SinkRequest =
  | { id: number; cmd: 'trust'; secrets: Record<string, string>; verifyEvery: number }
  | { id: number; cmd: 'count' }
  | { id: number; cmd: 'take' }
  | { id: number; cmd: 'usage' };

export type SinkReply =
  { ready: number } | { id: number; result: SinkCounts | Receipt[] | NodeJS.CpuUsage | boolean };

/** What the receiver reads of a body (the product's webhook payload; the raw ceiling's has none of it). */
interface Payload {
  type?: string;
  data?: { incident?: { id?: string }; alert?: { step?: number } };
}

const wallNow = () => performance.timeOrigin + performance.now();

function serve(): void {
  let receipts: Receipt[] = [];
  let received = 0;
  let verified = 0;
  let verifyFailures = 0;
  let firstVerifyFailure: string | null = null;
  let verifyEvery = 0;
  let sinceVerify = 0;
  const verifiers = new Map<string, Webhook>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const receivedAt = wallNow();
      const body = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '/';
      const deliveryId = String(request.headers['webhook-id'] ?? '');
      let payload: Payload | null = null;
      try {
        payload = JSON.parse(body) as Payload;
      } catch {
        payload = null;
      }
      received += 1;
      receipts.push({
        path,
        deliveryId,
        incidentId: payload?.data?.incident?.id ?? null,
        step: payload?.data?.alert?.step ?? null,
        type: payload?.type ?? null,
        receivedAt,
        bytes: body.length,
      });
      const verifier = verifiers.get(path);
      if (verifier && verifyEvery > 0 && (sinceVerify += 1) >= verifyEvery) {
        sinceVerify = 0;
        try {
          verifier.verify(body, {
            'webhook-id': deliveryId,
            'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
            'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
          });
          verified += 1;
        } catch (error) {
          verifyFailures += 1;
          firstVerifyFailure ??= `${path}: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  // Keep-alive sockets stay open across the phases (the product's and the raw client's agents reuse them).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;

  process.on('message', (message: SinkRequest) => {
    const reply = (result: SinkCounts | Receipt[] | NodeJS.CpuUsage | boolean) =>
      process.send?.({ id: message.id, result } satisfies SinkReply);
    switch (message.cmd) {
      case 'trust':
        for (const [path, secret] of Object.entries(message.secrets))
          verifiers.set(path, new Webhook(secret));
        verifyEvery = message.verifyEvery;
        reply(true);
        return;
      case 'count':
        reply({ received, verified, verifyFailures, firstVerifyFailure });
        return;
      case 'take': {
        const taken = receipts;
        receipts = [];
        reply(taken);
        return;
      }
      case 'usage':
        reply(process.cpuUsage());
        return;
    }
  });
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ ready: (server.address() as AddressInfo).port } satisfies SinkReply);
  });
}

if (process.send) serve();
