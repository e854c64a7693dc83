import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NetworkPolicy } from '../webhook/network-policy';
import { classifyHttpStatus } from '../webhook/retry-policy';
import { DeliveryRequestError, RESPONSE_BODY_LIMIT_BYTES, SafeHttpClient } from '../webhook/safe-http';

interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  remotePort: number | undefined;
}

interface Receiver {
  port: number;
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP receiver on 127.0.0.1 that records what it got and answers with `handler`. */
async function startReceiver(handler: Handler): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: request.socket.remotePort,
      });
      handler(request, response);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks/renkei?source=test`,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The rejection of `promise`, failing the test if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<DeliveryRequestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DeliveryRequestError);
    return error as DeliveryRequestError;
  }
  throw new Error('expected the request to fail');
}

describe('SafeHttpClient', () => {
  const body = JSON.stringify({ type: 'alert.raised', text: '安否確認' });
  const clients: SafeHttpClient[] = [];
  const receivers: Receiver[] = [];

  const client = (
    allowed: string[] = ['loopback'],
    options: Partial<ConstructorParameters<typeof SafeHttpClient>[0]> = {},
  ) => {
    const created = new SafeHttpClient({ timeoutMs: 2000, policy: NetworkPolicy.from(allowed), ...options });
    clients.push(created);
    return created;
  };
  const receiver = async (handler: Handler) => {
    const started = await startReceiver(handler);
    receivers.push(started);
    return started;
  };

  afterEach(async () => {
    clients.splice(0).forEach((created) => created.close());
    await Promise.all(receivers.splice(0).map((started) => started.close()));
  });

  it('posts the JSON body with the transport headers and returns the response', async () => {
    const target = await receiver((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'x-receiver': 'yes' }).end('thanks');
    });

    const result = await client().postJson(target.url, body, {
      'webhook-id': 'msg_1',
      'Content-Length': '1',
      Host: 'evil.example',
    });

    expect(result).toMatchObject({ status: 200, body: 'thanks', remoteAddress: '127.0.0.1' });
    expect(result.headers['x-receiver']).toBe('yes');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(target.requests).toHaveLength(1);
    const [received] = target.requests;
    expect(received).toMatchObject({ method: 'POST', url: '/hooks/renkei?source=test', body });
    expect(received.headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'Renkei-Webhooks/1.0',
      'webhook-id': 'msg_1',
      host: `127.0.0.1:${target.port}`,
    });
  });

  it('uses a configured user agent', async () => {
    const target = await receiver((_request, response) => response.writeHead(204).end());
    await client(['loopback'], { userAgent: 'Renkei-Test/2' }).postJson(target.url, body, {});
    expect(target.requests[0].headers['user-agent']).toBe('Renkei-Test/2');
  });

  it('reuses a kept-alive connection for the next delivery', async () => {
    const target = await receiver((_request, response) => response.writeHead(200).end('ok'));
    const http = client();
    await http.postJson(target.url, body, {});
    await http.postJson(target.url, body, {});
    expect(target.requests).toHaveLength(2);
    expect(target.requests[1].remotePort).toBe(target.requests[0].remotePort);
  });

  it('returns a 500 as a result to classify, not as an error', async () => {
    const target = await receiver((_request, response) => response.writeHead(500).end('database down'));
    const result = await client().postJson(target.url, body, {});
    expect(result).toMatchObject({ status: 500, body: 'database down' });
    expect(classifyHttpStatus(result.status, result.headers)).toMatchObject({ kind: 'retry' });
  });

  it('returns a 429 with its Retry-After', async () => {
    const target = await receiver((_request, response) =>
      response.writeHead(429, { 'Retry-After': '30' }).end(),
    );
    const result = await client().postJson(target.url, body, {});
    expect(result.status).toBe(429);
    expect(result.headers['retry-after']).toBe('30');
    expect(classifyHttpStatus(result.status, result.headers)).toMatchObject({
      kind: 'retry',
      retryAfterMs: 30_000,
    });
  });

  it('returns a 410 that classifies as gone', async () => {
    const target = await receiver((_request, response) => response.writeHead(410).end());
    const result = await client().postJson(target.url, body, {});
    expect(classifyHttpStatus(result.status, result.headers)).toMatchObject({ kind: 'gone' });
  });

  it('does not follow a redirect', async () => {
    const target = await receiver((request, response) => {
      if (request.url === '/elsewhere') response.writeHead(200).end('followed');
      else response.writeHead(302, { location: '/elsewhere' }).end();
    });
    const result = await client().postJson(target.url, body, {});
    expect(result.status).toBe(302);
    expect(result.headers.location).toBe('/elsewhere');
    expect(target.requests.map((request) => request.url)).toEqual(['/hooks/renkei?source=test']);
    expect(classifyHttpStatus(result.status, result.headers)).toMatchObject({ kind: 'permanent' });
  });

  it('gives up on a server that never answers once the deadline passes', async () => {
    const target = await receiver(() => undefined);
    const error = await rejectionOf(client(['loopback'], { timeoutMs: 300 }).postJson(target.url, body, {}));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('no complete response within 300 ms');
    expect(error.latencyMs).toBeGreaterThanOrEqual(290);
    expect(error.latencyMs).toBeLessThan(2000);
  });

  it('gives up on a server that sends headers and then stalls the body', async () => {
    const target = await receiver((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial');
    });
    const error = await rejectionOf(client(['loopback'], { timeoutMs: 300 }).postJson(target.url, body, {}));
    expect(error.kind).toBe('timeout');
  });

  it('keeps only the first 64 KiB of a huge response and stops reading', async () => {
    const target = await receiver((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(16 * 1024);
      // An endless body: the client must cut it off rather than wait for the end or the deadline.
      const pump = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    });
    const started = Date.now();
    const result = await client(['loopback'], { timeoutMs: 5000 }).postJson(target.url, body, {});
    expect(result.status).toBe(200);
    expect(result.body).toHaveLength(RESPONSE_BODY_LIMIT_BYTES);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('keeps a body of exactly 64 KiB whole', async () => {
    const target = await receiver((_request, response) =>
      response.end('y'.repeat(RESPONSE_BODY_LIMIT_BYTES)),
    );
    const result = await client().postJson(target.url, body, {});
    expect(result.body).toBe('y'.repeat(RESPONSE_BODY_LIMIT_BYTES));
  });

  describe('network policy', () => {
    it('refuses a host name that resolves to loopback unless loopback is allowed', async () => {
      const target = await receiver((_request, response) => response.writeHead(200).end());
      const url = `http://localhost:${target.port}/hook`;

      const error = await rejectionOf(client([]).postJson(url, body, {}));
      expect(error.kind).toBe('refused');
      expect(error.message).toMatch(
        /^refused: (127\.0\.0\.1|::1) \(resolved from localhost\) is a loopback address \(set WEBHOOK_ALLOWED_NETWORKS to allow it\)$/,
      );
      expect(target.requests).toHaveLength(0);

      const result = await client(['loopback']).postJson(url, body, {});
      expect(result.status).toBe(200);
      expect(target.requests).toHaveLength(1);
    });

    it.each([
      ['127.0.0.1', '127.0.0.1'],
      ['[::1]', '::1'],
      ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
      ['2130706433', '127.0.0.1'],
      ['0x7f.1', '127.0.0.1'],
    ])('refuses the IP literal %s without connecting', async (host, shown) => {
      const target = await receiver((_request, response) => response.writeHead(200).end());
      const error = await rejectionOf(client([]).postJson(`http://${host}:${target.port}/`, body, {}));
      expect(error.kind).toBe('refused');
      expect(error.message).toBe(
        `refused: ${shown} is a loopback address (set WEBHOOK_ALLOWED_NETWORKS to allow it)`,
      );
      expect(target.requests).toHaveLength(0);
    });

    it('names the category of other refused addresses', async () => {
      const error = await rejectionOf(
        client([]).postJson('http://169.254.169.254/latest/meta-data/', body, {}),
      );
      expect(error.message).toBe(
        'refused: 169.254.169.254 is a link-local address (set WEBHOOK_ALLOWED_NETWORKS to allow it)',
      );
      const multicast = await rejectionOf(client([]).postJson('http://224.0.0.1/', body, {}));
      expect(multicast.message).toBe(
        'refused: 224.0.0.1 is a multicast address (only a CIDR in WEBHOOK_ALLOWED_NETWORKS can allow it)',
      );
    });

    it('refuses a name when any one of its addresses is refused', async () => {
      const resolve = jest.fn(async () => [
        { address: '93.184.215.14', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ]);
      const error = await rejectionOf(
        client([], { resolve }).postJson('https://hooks.example.test/x', body, {}),
      );
      expect(error.kind).toBe('refused');
      expect(error.message).toContain('10.0.0.5 (resolved from hooks.example.test) is a private address');
      expect(resolve).toHaveBeenCalledWith('hooks.example.test', expect.any(Number));
    });

    it('connects to the address it checked, not to a second resolution', async () => {
      const target = await receiver((_request, response) => response.writeHead(200).end('ok'));
      const resolve = jest.fn(async () => [{ address: '127.0.0.1', family: 4 }]);
      const url = `http://hooks.example.test:${target.port}/x`;
      const result = await client(['127.0.0.1/32'], { resolve }).postJson(url, body, {});
      expect(result).toMatchObject({ status: 200, remoteAddress: '127.0.0.1' });
      expect(resolve).toHaveBeenCalledTimes(1);
      expect(target.requests[0].headers.host).toBe(`hooks.example.test:${target.port}`);
    });

    it('reports a name that does not resolve as a DNS error', async () => {
      const resolve = async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
      };
      const error = await rejectionOf(client([], { resolve }).postJson('http://nowhere.invalid/', body, {}));
      expect(error).toMatchObject({ kind: 'dns', message: 'could not resolve nowhere.invalid (ENOTFOUND)' });
    });

    it('counts a resolver that hangs against the deadline', async () => {
      const resolve = () => new Promise<never>(() => undefined);
      const http = client([], { resolve, timeoutMs: 300 });
      const error = await rejectionOf(http.postJson('http://slow-dns.example.test/', body, {}));
      expect(error.kind).toBe('timeout');
    });
  });

  describe('URLs', () => {
    it.each([
      ['not a url', /not a valid absolute URL/],
      ['ftp://example.com/hook', /only http and https/],
      ['file:///etc/passwd', /only http and https/],
      ['https://user:hunter2@example.com/hook', /must not contain credentials/],
      ['https://tok3n@example.com/hook', /must not contain credentials/],
    ])('rejects %s as invalid', async (url, message) => {
      const error = await rejectionOf(client([]).postJson(url, body, {}));
      expect(error.kind).toBe('invalid-url');
      expect(error.message).toMatch(message);
      expect(error.message).not.toMatch(/hunter2|tok3n/);
    });

    it('rejects a header value HTTP does not allow as invalid', async () => {
      const target = await receiver((_request, response) => response.writeHead(200).end());
      const error = await rejectionOf(client().postJson(target.url, body, { 'x-token': 'a\r\nb' }));
      expect(error.kind).toBe('invalid-url');
      expect(target.requests).toHaveLength(0);
    });
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startReceiver(() => undefined);
    await closed.close();
    const error = await rejectionOf(client().postJson(closed.url, body, {}));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('rejects after close', async () => {
    const http = client();
    http.close();
    const error = await rejectionOf(http.postJson('http://127.0.0.1:9/', body, {}));
    expect(error.kind).toBe('network');
  });
});
