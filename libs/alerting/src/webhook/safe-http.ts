import { promises as dnsPromises, type LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { isNamedNetwork, type NetworkPolicy } from './network-policy';

/** The most of a response body kept: enough to show a receiver's error message, not enough to hurt us. */
export const RESPONSE_BODY_LIMIT_BYTES = 64 * 1024;

export const DEFAULT_WEBHOOK_USER_AGENT = 'Renkei-Webhooks/1.0';

/** What a receiver answered. Any status is a result, 3xx included: redirects are never followed. */
export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The first RESPONSE_BODY_LIMIT_BYTES of the body, decoded as UTF-8. */
  body: string;
  latencyMs: number;
  /** The address the connection actually went to (after the policy check). */
  remoteAddress: string;
}

/**
 * - `refused`: the URL resolves to an address the network policy does not allow.
 * - `invalid-url`: the request cannot be made as configured (not http/https, credentials in the URL,
 *   a header value HTTP does not allow). Retrying cannot help, the endpoint must be edited.
 * - `timeout`: the whole exchange did not finish within the deadline.
 * - `dns`: the name did not resolve (possibly transient).
 * - `network`: connection refused or reset, TLS failure, connection closed mid-response.
 */
export type DeliveryRequestErrorKind = 'refused' | 'timeout' | 'dns' | 'network' | 'invalid-url';

/**
 * The only error SafeHttpClient.postJson rejects with, so that the retry policy can tell a permanent
 * configuration problem from a transient one without parsing messages. Messages never contain the URL
 * (its query string may hold a token).
 */
export class DeliveryRequestError extends Error {
  constructor(
    readonly kind: DeliveryRequestErrorKind,
    message: string,
    readonly latencyMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryRequestError';
  }
}

export interface SafeHttpClientOptions {
  /** Deadline for the whole exchange: DNS, connect, TLS, sending and reading the response. */
  timeoutMs: number;
  policy: NetworkPolicy;
  userAgent?: string;
  /**
   * Name resolution; dns.lookup (the system resolver, as every other client on the host uses) by
   * default. Replaceable for tests and for a caching resolver. Every address returned is checked.
   */
  resolve?: (hostname: string, family: 0 | 4 | 6) => Promise<LookupAddress[]>;
}

const DNS_ERROR_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_NONAME',
  'ENODATA',
]);

// Headers the transport owns; a caller's value for them is ignored rather than allowed to confuse framing.
const TRANSPORT_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'user-agent',
]);

const defaultResolve = (hostname: string, family: 0 | 4 | 6): Promise<LookupAddress[]> =>
  dnsPromises.lookup(hostname, { all: true, family });

/**
 * POSTs webhook payloads to tenant-supplied URLs without letting those URLs reach our own network.
 *
 * The policy is applied inside the socket's `lookup`, so the connection goes to exactly the addresses
 * that were checked: a name that resolves to a public address for a pre-check and to 127.0.0.1 for the
 * connection (DNS rebinding) cannot slip through. Keep-alive sockets are pooled per host:port and were
 * checked when they were opened. One client (and its two agents) is meant to live as long as the worker.
 */
export class SafeHttpClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly timeoutMs: number;
  private readonly policy: NetworkPolicy;
  private readonly userAgent: string;
  private readonly resolve: (hostname: string, family: 0 | 4 | 6) => Promise<LookupAddress[]>;
  private closed = false;

  constructor(options: SafeHttpClientOptions) {
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new RangeError(`timeoutMs must be a positive number, got ${options.timeoutMs}`);
    }
    this.timeoutMs = options.timeoutMs;
    this.policy = options.policy;
    this.userAgent = options.userAgent ?? DEFAULT_WEBHOOK_USER_AGENT;
    this.resolve = options.resolve ?? defaultResolve;
  }

  /**
   * Sends `body` (already serialised JSON, so that it is byte-for-byte what was signed) and resolves with
   * whatever status comes back; rejects only with DeliveryRequestError. Never pending longer than
   * timeoutMs (plus event-loop latency), however the receiver behaves.
   */
  postJson(url: string, body: string, headers: Record<string, string>): Promise<HttpResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);

    return new Promise<HttpResult>((resolve, reject) => {
      let settled = false;
      let request: http.ClientRequest | undefined;
      const timer = setTimeout(() => {
        fail(
          new DeliveryRequestError('timeout', `no complete response within ${this.timeoutMs} ms`, elapsed()),
        );
      }, this.timeoutMs);

      const fail = (error: DeliveryRequestError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request?.destroy();
        reject(error);
      };
      const succeed = (result: Omit<HttpResult, 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...result, latencyMs: elapsed() });
      };

      if (this.closed) {
        fail(new DeliveryRequestError('network', 'the HTTP client has been closed', elapsed()));
        return;
      }

      let target: URL;
      let hostname: string;
      try {
        ({ target, hostname } = this.checkUrl(url, elapsed));
      } catch (error) {
        fail(toDeliveryRequestError(error, elapsed()));
        return;
      }

      const isHttps = target.protocol === 'https:';
      const payload = Buffer.from(body, 'utf8');
      const requestHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers)) {
        const lower = name.toLowerCase();
        if (!TRANSPORT_HEADERS.has(lower)) requestHeaders[lower] = value;
      }
      requestHeaders['content-type'] = 'application/json';
      requestHeaders['content-length'] = String(payload.length);
      requestHeaders['user-agent'] = this.userAgent;

      const options: https.RequestOptions = {
        method: 'POST',
        protocol: target.protocol,
        hostname,
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        headers: requestHeaders,
        agent: isHttps ? this.httpsAgent : this.httpAgent,
        lookup: this.checkedLookup(elapsed),
      };

      try {
        request = (isHttps ? https : http).request(options);
      } catch (error) {
        // http.request validates header names and values synchronously.
        const message = error instanceof Error ? error.message : String(error);
        fail(
          new DeliveryRequestError('invalid-url', `invalid request: ${message}`, elapsed(), { cause: error }),
        );
        return;
      }

      request.on('error', (error) => fail(toDeliveryRequestError(error, elapsed())));
      request.on('response', (response) => {
        const remoteAddress = response.socket?.remoteAddress ?? '';
        const chunks: Buffer[] = [];
        let kept = 0;
        const finish = () =>
          succeed({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            remoteAddress,
          });
        response.on('data', (chunk: Buffer) => {
          if (settled) return;
          if (kept + chunk.length <= RESPONSE_BODY_LIMIT_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
            return;
          }
          // Over the limit: keep the head and drop the connection rather than read the rest.
          chunks.push(chunk.subarray(0, RESPONSE_BODY_LIMIT_BYTES - kept));
          kept = RESPONSE_BODY_LIMIT_BYTES;
          finish();
          response.destroy();
        });
        response.on('end', finish);
        response.on('error', (error) => fail(toDeliveryRequestError(error, elapsed())));
        response.on('close', () => {
          if (!response.complete) {
            fail(
              new DeliveryRequestError(
                'network',
                'connection closed before the response was complete',
                elapsed(),
              ),
            );
          }
        });
      });
      request.end(payload);
    });
  }

  /** Releases pooled sockets; call once on shutdown. Later calls to postJson reject. */
  close(): void {
    this.closed = true;
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private checkUrl(url: string, elapsed: () => number): { target: URL; hostname: string } {
    const invalid = (message: string) => new DeliveryRequestError('invalid-url', message, elapsed());
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw invalid('the webhook URL is not a valid absolute URL');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw invalid(`only http and https URLs can receive webhooks, not ${target.protocol}`);
    }
    if (target.username || target.password) {
      throw invalid('the webhook URL must not contain credentials; use the signing secret or a header');
    }
    // WHATWG URL has already normalised 2130706433, 0x7f.1 and friends to dotted quads.
    const hostname = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
    if (!hostname) throw invalid('the webhook URL has no host');
    // The socket does not call `lookup` for IP literals, so they are checked here.
    if (isIP(hostname) && !this.policy.isAllowed(hostname)) {
      throw new DeliveryRequestError('refused', this.refusal(hostname), elapsed());
    }
    return { target, hostname };
  }

  /** A `lookup` for the socket that resolves, refuses if any address is not allowed, else connects to them. */
  private checkedLookup(elapsed: () => number): LookupFunction {
    return (hostname, options, callback) => {
      const family =
        options.family === 4 || options.family === 'IPv4'
          ? 4
          : options.family === 6 || options.family === 'IPv6'
            ? 6
            : 0;
      this.resolve(hostname, family).then(
        (addresses) => {
          if (addresses.length === 0) {
            callback(new DeliveryRequestError('dns', `${hostname} has no addresses`, elapsed()), '', 0);
            return;
          }
          // Any refused address refuses the whole name: otherwise which one is used would be up to luck.
          const refused = addresses.find((entry) => !this.policy.isAllowed(entry.address));
          if (refused) {
            callback(
              new DeliveryRequestError('refused', this.refusal(refused.address, hostname), elapsed()),
              '',
              0,
            );
            return;
          }
          if (options.all) callback(null, addresses);
          else callback(null, addresses[0].address, addresses[0].family);
        },
        (error: unknown) => {
          const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'lookup failed';
          callback(
            new DeliveryRequestError('dns', `could not resolve ${hostname} (${code})`, elapsed(), {
              cause: error,
            }),
            '',
            0,
          );
        },
      );
    };
  }

  private refusal(address: string, hostname?: string): string {
    const category = this.policy.describe(address);
    const via = hostname && hostname !== address ? ` (resolved from ${hostname})` : '';
    if (category === 'invalid') return `refused: ${address}${via} is not an IP address`;
    const article = /^[aeiou]/.test(category) ? 'an' : 'a';
    const hint = isNamedNetwork(category)
      ? 'set WEBHOOK_ALLOWED_NETWORKS to allow it'
      : 'only a CIDR in WEBHOOK_ALLOWED_NETWORKS can allow it';
    return `refused: ${address}${via} is ${article} ${category} address (${hint})`;
  }
}

function toDeliveryRequestError(error: unknown, latencyMs: number): DeliveryRequestError {
  if (error instanceof DeliveryRequestError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error && error.message ? error.message : String(code ?? error);
  if (code && DNS_ERROR_CODES.has(code)) {
    return new DeliveryRequestError('dns', `could not resolve the host (${code})`, latencyMs, {
      cause: error,
    });
  }
  if (code === 'ETIMEDOUT') {
    return new DeliveryRequestError('timeout', `connection timed out (${code})`, latencyMs, { cause: error });
  }
  const detail = code && !message.includes(code) ? `${code}: ${message}` : message;
  return new DeliveryRequestError('network', detail, latencyMs, { cause: error });
}
