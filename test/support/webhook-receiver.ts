import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  payload: any;
  path: string;
  verified: boolean;
  receivedAt: number;
}

type Responder = (
  request: IncomingMessage,
  hit: number,
) => { status: number; headers?: Record<string, string>; hang?: boolean };

/**
 * A real HTTP receiver that verifies every webhook with the `standardwebhooks` package against the
 * secrets it knows (by path), records it, and answers what `respond` says (200 by default).
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const secrets = new Map<string, string[]>();
  const responders = new Map<string, Responder>();
  const hits = new Map<string, number>();
  const hanging: ServerResponse[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '/';
      const headers = {
        'webhook-id': String(request.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
      };
      const known = secrets.get(path) ?? [];
      const verified = known.some((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      let payload: unknown = null;
      try {
        payload = JSON.parse(body);
      } catch {
        payload = null;
      }
      const hit = (hits.get(path) ?? 0) + 1;
      hits.set(path, hit);
      received.push({
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
        payload,
        path,
        verified,
        receivedAt: Date.now(),
      });
      const answer = responders.get(path)?.(request, hit) ?? { status: 200 };
      if (answer.hang) {
        hanging.push(response);
        return;
      }
      response.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
      response.end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    at: (path: string) => received.filter((hook) => hook.path === path),
    /** Verify deliveries to `path` with these secrets (any one matching counts). */
    trust(path: string, ...pathSecrets: string[]) {
      secrets.set(path, pathSecrets);
    },
    respond(path: string, responder: Responder) {
      responders.set(path, responder);
    },
    async waitFor(
      predicate: (hooks: ReceivedWebhook[]) => boolean,
      timeoutMs = 15_000,
    ): Promise<ReceivedWebhook[]> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline)
          throw new Error(
            `webhook receiver: condition not met in ${timeoutMs} ms (${received.length} received)`,
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received;
    },
    close: async () => {
      hanging.splice(0).forEach((response) => response.destroy());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
