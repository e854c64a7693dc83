import { Client } from 'pg';
import { round } from './stats';

/** One SQL statement seen by the probe. */
export interface CapturedStatement {
  label: string;
  text: string;
  values: unknown[] | undefined;
  /** client-side time from `query()` to its result (includes network and lock waits) */
  ms?: number;
}

/** The first table after a FROM outside parentheses (not `extract(epoch FROM …)`, not a subquery's). */
function topLevelFrom(sql: string): string {
  let depth = 0;
  let quoted: string | null = null;
  for (let i = 0; i < sql.length; i += 1) {
    const char = sql[i];
    if (quoted) {
      if (char === quoted) quoted = null;
      continue;
    }
    if (char === "'" || char === '"') quoted = char;
    else if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (depth === 0 && /\s/.test(sql[i - 1] ?? '')) {
      const match = /^FROM\s+"?(\w+)"?/i.exec(sql.slice(i, i + 80));
      if (match) return match[1];
    }
  }
  return '?';
}

/** What a statement is, in a few words: `SELECT FROM incident_participant`, `INSERT audit_event`, … */
export function labelOf(text: string): string {
  const sql = text.replace(/\s+/g, ' ').trim();
  const keyword = /^(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '?';
  if (['BEGIN', 'COMMIT', 'ROLLBACK', 'START', 'SAVEPOINT', 'RELEASE'].includes(keyword)) return keyword;
  if (/pg_advisory_xact_lock/i.test(sql)) return 'SELECT pg_advisory_xact_lock';
  if (keyword === 'WITH' && /RECURSIVE/i.test(sql)) return 'WITH RECURSIVE (component ancestry)';
  const table = (pattern: RegExp) => pattern.exec(sql)?.[1] ?? '?';
  if (keyword === 'INSERT') return `INSERT ${table(/^INSERT INTO "?(\w+)"?/i)}`;
  if (keyword === 'UPDATE') return `UPDATE ${table(/^UPDATE "?(\w+)"?/i)}`;
  if (keyword === 'DELETE') return `DELETE ${table(/^DELETE FROM "?(\w+)"?/i)}`;
  if (keyword === 'SELECT') {
    if (/FROM unnest\(/i.test(sql)) return 'SELECT FROM unnest(ids) LATERAL incident_timeline_entry';
    if (/^SELECT count\(\*\)/i.test(sql)) return `SELECT count(*) FROM ${topLevelFrom(sql)}`;
    return `SELECT FROM ${topLevelFrom(sql)}`;
  }
  return keyword;
}

interface LabelTotals {
  count: number;
  totalMs: number;
  maxMs: number;
}

/**
 * Wraps `pg.Client.prototype.query`: the API runs in this process, so every statement it sends
 * passes through here. Off unless capturing or timing.
 */
export class SqlProbe {
  private original?: (...args: any[]) => any;
  private captured: CapturedStatement[] | null = null;
  private totals: Map<string, LabelTotals> | null = null;
  /** per connection: when it acquired the audit-chain advisory lock in its current transaction */
  private lockedAt = new WeakMap<Client, number>();
  private lockHolds: number[] | null = null;
  private readonly ignored = new WeakSet<Client>();

  /** Statements of this client (the bench's own monitoring) are never counted. */
  ignore(client: Client): void {
    this.ignored.add(client);
  }

  install(): void {
    if (this.original) return;
    const prototype = Client.prototype as unknown as { query: (...args: any[]) => any };
    const original = prototype.query;
    this.original = original;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const probe = this;
    prototype.query = function (this: Client, ...args: any[]) {
      const first = args[0] as unknown;
      const text =
        typeof first === 'string'
          ? first
          : first && typeof (first as { text?: unknown }).text === 'string'
            ? (first as { text: string }).text
            : null;
      if (text === null || (!probe.captured && !probe.totals) || probe.ignored.has(this)) {
        return original.apply(this, args);
      }
      const statement: CapturedStatement = {
        label: labelOf(text),
        text,
        values: Array.isArray(args[1]) ? (args[1] as unknown[]) : (first as { values?: unknown[] }).values,
      };
      probe.captured?.push(statement);
      const totals = probe.totals;
      const lockHolds = probe.lockHolds;
      const started = performance.now();
      const finish = () => {
        const now = performance.now();
        statement.ms = now - started;
        if (lockHolds) {
          if (statement.label === 'SELECT pg_advisory_xact_lock') {
            if (!probe.lockedAt.has(this)) probe.lockedAt.set(this, now);
          } else if (statement.label === 'COMMIT' || statement.label === 'ROLLBACK') {
            const lockedAt = probe.lockedAt.get(this);
            if (lockedAt !== undefined) lockHolds.push(now - lockedAt);
            probe.lockedAt.delete(this);
          }
        }
        if (!totals) return;
        const entry = totals.get(statement.label) ?? { count: 0, totalMs: 0, maxMs: 0 };
        entry.count += 1;
        entry.totalMs += statement.ms;
        entry.maxMs = Math.max(entry.maxMs, statement.ms);
        totals.set(statement.label, entry);
      };
      const callbackIndex = args.findIndex((arg) => typeof arg === 'function');
      if (callbackIndex >= 0) {
        const callback = args[callbackIndex] as (...results: unknown[]) => unknown;
        args[callbackIndex] = (...results: unknown[]) => {
          finish();
          return callback(...results);
        };
        return original.apply(this, args);
      }
      const result = original.apply(this, args) as unknown;
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(finish, finish);
      }
      return result;
    };
  }

  uninstall(): void {
    if (!this.original) return;
    (Client.prototype as unknown as { query: (...args: any[]) => any }).query = this.original;
    this.original = undefined;
  }

  /** Every statement sent while `fn` runs. */
  async capture<T>(fn: () => Promise<T>): Promise<{ result: T; statements: CapturedStatement[] }> {
    const statements: CapturedStatement[] = [];
    this.captured = statements;
    try {
      const result = await fn();
      return { result, statements };
    } finally {
      this.captured = null;
    }
  }

  /**
   * Statement counts and client-side time per kind of statement while `fn` runs, and how long each
   * transaction held the audit-chain advisory lock (from acquiring it to COMMIT).
   */
  async time<T>(fn: () => Promise<T>): Promise<{
    result: T;
    breakdown: { label: string; count: number; totalMs: number; meanMs: number; maxMs: number }[];
    lockHoldsMs: number[];
  }> {
    const totals = new Map<string, LabelTotals>();
    const lockHoldsMs: number[] = [];
    this.totals = totals;
    this.lockHolds = lockHoldsMs;
    this.lockedAt = new WeakMap();
    try {
      const result = await fn();
      const breakdown = [...totals]
        .map(([label, entry]) => ({
          label,
          count: entry.count,
          totalMs: round(entry.totalMs, 1),
          meanMs: round(entry.totalMs / entry.count, 3),
          maxMs: round(entry.maxMs, 1),
        }))
        .sort((a, b) => b.totalMs - a.totalMs);
      return { result, breakdown, lockHoldsMs };
    } finally {
      this.totals = null;
      this.lockHolds = null;
    }
  }
}
