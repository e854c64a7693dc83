import { isIPv4, isIPv6 } from 'node:net';

/**
 * Why an address is (or is not) reachable by default. Everything but `public` is refused unless
 * WEBHOOK_ALLOWED_NETWORKS re-admits it: a webhook URL is written by a tenant, so without this check
 * it would be a way to make our workers call the database, the cloud metadata service
 * (169.254.169.254) or an admin port on the host.
 */
export type AddressCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'invalid';

/** The categories an operator can re-admit by name; the others only through an explicit CIDR. */
export type NamedNetwork = 'loopback' | 'private' | 'link-local';

const NAMED_NETWORKS: readonly NamedNetwork[] = ['loopback', 'private', 'link-local'];

interface ParsedAddress {
  family: 4 | 6;
  bytes: Uint8Array;
}

interface Cidr {
  family: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/**
 * Decides which resolved addresses a webhook may connect to.
 *
 * The ranges are matched on the address bytes rather than with `node:net` BlockList: BlockList quietly
 * matches IPv4 rules against IPv4-mapped IPv6 addresses but not against the other embeddings (NAT64,
 * IPv4-compatible, 6to4, Teredo), so an explicit table is the one place where every way of spelling
 * 127.0.0.1 in IPv6 is handled the same way.
 */
export class NetworkPolicy {
  private constructor(
    private readonly named: ReadonlySet<NamedNetwork>,
    private readonly cidrs: readonly Cidr[],
  ) {}

  /**
   * Builds the policy from AppConfig.webhookAllowedNetworks. The config already validated the entries;
   * this throws again on garbage because a policy that silently ignored a typo would refuse (or, worse,
   * admit) something the operator did not expect.
   */
  static from(allowed: readonly string[]): NetworkPolicy {
    const named = new Set<NamedNetwork>();
    const cidrs: Cidr[] = [];
    for (const raw of allowed) {
      const entry = raw.trim();
      const name = NAMED_NETWORKS.find((candidate) => candidate === entry);
      if (name) named.add(name);
      else cidrs.push(parseCidrOrThrow(entry));
    }
    return new NetworkPolicy(named, cidrs);
  }

  /**
   * True when a connection to `address` (an IP literal, as returned by DNS) may be opened. Anything that
   * is not an IP address is refused: the caller must resolve names first and check every result.
   */
  isAllowed(address: string): boolean {
    const parsed = parseAddress(address);
    if (!parsed) return false;
    if (this.cidrs.some((cidr) => cidrContains(cidr, parsed))) return true;
    const embedded = embeddedIpv4(parsed);
    if (embedded && this.cidrs.some((cidr) => cidrContains(cidr, embedded.address))) return true;
    const category = categorize(parsed);
    if (category === 'public') return true;
    return (
      (NAMED_NETWORKS as readonly string[]).includes(category) && this.named.has(category as NamedNetwork)
    );
  }

  /**
   * The category of `address` whatever this policy allows, for error messages ("127.0.0.1 is a loopback
   * address"). IPv6 forms that embed an IPv4 address report the category of the embedded address.
   */
  describe(address: string): AddressCategory {
    const parsed = parseAddress(address);
    return parsed ? categorize(parsed) : 'invalid';
  }
}

/** Whether a category can be re-admitted by name in WEBHOOK_ALLOWED_NETWORKS (used in messages). */
export function isNamedNetwork(category: AddressCategory): category is NamedNetwork {
  return (NAMED_NETWORKS as readonly string[]).includes(category);
}

// IPv4 ranges, first match wins (broadcast must come before 240.0.0.0/4).
const IPV4_RANGES: ReadonlyArray<readonly [Cidr, AddressCategory]> = (
  [
    ['0.0.0.0/8', 'unspecified'],
    ['10.0.0.0/8', 'private'],
    ['100.64.0.0/10', 'private'], // carrier-grade NAT (RFC 6598)
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'], // includes cloud metadata services
    ['172.16.0.0/12', 'private'],
    ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
    ['192.0.2.0/24', 'reserved'], // documentation
    ['192.88.99.0/24', 'reserved'], // former 6to4 relay anycast
    ['192.168.0.0/16', 'private'],
    ['198.18.0.0/15', 'reserved'], // benchmarking
    ['198.51.100.0/24', 'reserved'], // documentation
    ['203.0.113.0/24', 'reserved'], // documentation
    ['224.0.0.0/4', 'multicast'],
    ['255.255.255.255/32', 'broadcast'],
    ['240.0.0.0/4', 'reserved'],
  ] as const
).map(([cidr, category]) => [parseCidrOrThrow(cidr), category] as const);

// IPv6 ranges checked after the special addresses and the IPv4 embeddings.
const IPV6_RANGES: ReadonlyArray<readonly [Cidr, AddressCategory]> = (
  [
    ['64:ff9b:1::/48', 'private'], // local-use NAT64 (RFC 8215)
    ['100::/64', 'reserved'], // discard-only
    ['2001:db8::/32', 'reserved'], // documentation
    ['fc00::/7', 'private'], // unique local
    ['fec0::/10', 'private'], // deprecated site-local
    ['fe80::/10', 'link-local'],
    ['ff00::/8', 'multicast'],
  ] as const
).map(([cidr, category]) => [parseCidrOrThrow(cidr), category] as const);

const GLOBAL_UNICAST = parseCidrOrThrow('2000::/3');

type Embedding = 'mapped' | 'translated' | 'compatible' | 'nat64' | '6to4' | 'teredo';

function categorize(address: ParsedAddress): AddressCategory {
  if (address.family === 4) return categorizeIpv4(address);
  const { bytes } = address;
  if (bytes.every((byte) => byte === 0)) return 'unspecified';
  if (bytes.subarray(0, 15).every((byte) => byte === 0) && bytes[15] === 1) return 'loopback';
  const embedded = embeddedIpv4(address);
  if (embedded) {
    const inner = categorizeIpv4(embedded.address);
    if (inner !== 'public') return inner;
    // ::a.b.c.d is deprecated and unroutable; the tunnelling forms reach the public IPv4 address.
    if (embedded.kind === 'compatible') return 'reserved';
    return 'public';
  }
  for (const [cidr, category] of IPV6_RANGES) if (cidrContains(cidr, address)) return category;
  return cidrContains(GLOBAL_UNICAST, address) ? 'public' : 'reserved';
}

function categorizeIpv4(address: ParsedAddress): AddressCategory {
  for (const [cidr, category] of IPV4_RANGES) if (cidrContains(cidr, address)) return category;
  return 'public';
}

/**
 * The IPv4 address an IPv6 address stands for, when it is one of the forms a dual-stack socket, a NAT64
 * gateway or a tunnel would deliver to that IPv4 address.
 */
function embeddedIpv4(address: ParsedAddress): { address: ParsedAddress; kind: Embedding } | undefined {
  if (address.family !== 6) return undefined;
  const b = address.bytes;
  const zero = (from: number, to: number) => b.subarray(from, to).every((byte) => byte === 0);
  const ipv4 = (from: number, invert = false): ParsedAddress => ({
    family: 4,
    bytes: Uint8Array.from(b.subarray(from, from + 4), (byte) => (invert ? byte ^ 0xff : byte)),
  });
  // ::ffff:a.b.c.d (mapped, RFC 4291)
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return { address: ipv4(12), kind: 'mapped' };
  // ::ffff:0:a.b.c.d (SIIT translated, RFC 2765)
  if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && zero(10, 12)) {
    return { address: ipv4(12), kind: 'translated' };
  }
  // ::a.b.c.d (compatible, deprecated); :: and ::1 are themselves, not 0.0.0.0 and 0.0.0.1
  if (zero(0, 12) && !(zero(12, 15) && b[15] <= 1)) return { address: ipv4(12), kind: 'compatible' };
  // 64:ff9b::a.b.c.d (well-known NAT64 prefix, RFC 6052)
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) {
    return { address: ipv4(12), kind: 'nat64' };
  }
  // 2002:aabb:ccdd::/48 (6to4, RFC 3056)
  if (b[0] === 0x20 && b[1] === 0x02) return { address: ipv4(2), kind: '6to4' };
  // 2001:0::/32 (Teredo, RFC 4380): the client address is the last 32 bits, inverted
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x00 && b[3] === 0x00) {
    return { address: ipv4(12, true), kind: 'teredo' };
  }
  return undefined;
}

function parseAddress(text: string): ParsedAddress | undefined {
  const address = text.trim();
  if (isIPv4(address)) return { family: 4, bytes: Uint8Array.from(address.split('.'), Number) };
  if (isIPv6(address)) return { family: 6, bytes: parseIpv6(address) };
  return undefined;
}

/** Parses an address `isIPv6` accepted (so the syntax is already known to be valid). */
function parseIpv6(text: string): Uint8Array {
  let address = text.split('%')[0]; // a zone id does not change what the address is
  const groups: number[] = [];
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  let dotted: number[] = [];
  if (tail.includes('.')) {
    dotted = tail.split('.').map(Number);
    address = address.slice(0, lastColon + 1) + '0:0'; // placeholder groups, replaced below
  }
  const [head, rest] = address.includes('::') ? address.split('::') : [address, undefined];
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest ? rest.split(':') : [];
  const missing = 8 - headGroups.length - restGroups.length;
  for (const group of headGroups) groups.push(parseInt(group, 16));
  for (let index = 0; index < missing; index++) groups.push(0);
  for (const group of restGroups) groups.push(parseInt(group, 16));
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  if (dotted.length === 4) bytes.set(dotted, 12);
  return bytes;
}

function parseCidrOrThrow(entry: string): Cidr {
  const invalid = () =>
    new Error(`"${entry}" is not loopback, private, link-local or a CIDR such as 10.1.0.0/16 or fd00::/8`);
  const match = /^([^/]+)\/(\d{1,3})$/.exec(entry);
  if (!match) throw invalid();
  const address = parseAddress(match[1]);
  const prefix = Number(match[2]);
  if (!address || match[1].includes('%') || prefix > (address.family === 4 ? 32 : 128)) throw invalid();
  return { family: address.family, bytes: address.bytes, prefix };
}

function cidrContains(cidr: Cidr, address: ParsedAddress): boolean {
  if (cidr.family !== address.family) return false;
  const whole = Math.floor(cidr.prefix / 8);
  for (let index = 0; index < whole; index++) if (cidr.bytes[index] !== address.bytes[index]) return false;
  const bits = cidr.prefix % 8;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (cidr.bytes[whole] & mask) === (address.bytes[whole] & mask);
}
