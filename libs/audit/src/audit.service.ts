import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '@renkei/core/context/actor';
import { RequestContextStore } from '@renkei/core/context/request-context';
import { sha256Hex } from '@renkei/core/crypto/secret-box';
import { AuditEventEntity } from './entities/audit-event.entity';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);
/** Serialises appends to the chain (pg_advisory_xact_lock key; renkei_audit_append() uses the same). */
export const AUDIT_LOCK_KEY = 0x72656e6b; // "renk"

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId?: string | null;
  organisationId?: string | null;
  data?: Record<string, unknown>;
  /** defaults to the request's actor; `null` means the system itself */
  actor?: Actor | null;
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  brokenAtSequence: string | null;
  reason: string | null;
}

/** The canonical text of an event without its position: what the database function chains. */
export function eventContent(event: Omit<AuditEventEntity, 'hash' | 'previousHash' | 'sequence'>): string {
  return canonicalJson({
    occurredAt: new Date(event.occurredAt).toISOString(),
    actorKind: event.actorKind,
    actorId: event.actorId,
    actorName: event.actorName,
    organisationId: event.organisationId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    requestId: event.requestId,
    data: event.data,
  });
}

/** hash = SHA-256(previous hash, sequence, content) — the same formula as renkei_audit_append() in SQL. */
export function hashEvent(
  previousHash: string,
  event: Omit<AuditEventEntity, 'hash' | 'previousHash'>,
): string {
  return sha256Hex(`${previousHash}\n${String(event.sequence)}\n${eventContent(event)}`);
}

@Injectable()
export class AuditService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Appends an event inside the caller's transaction. Call it last in the transaction: the chain
   * lock is held until commit.
   */
  /**
   * Takes the chain lock early, for a transaction that must serialise more than the audit append
   * (the incident number is allocated under it). Held until commit; taking it twice is harmless.
   */
  async lockChain(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
  }

  /**
   * The arguments of renkei_audit_append() for an event: occurred at, actor kind, id and name,
   * organisation, action, entity type and id, request id, data (JSON), canonical content.
   */
  appendArguments(record: AuditRecord): unknown[] {
    const context = RequestContextStore.current();
    const actor = record.actor === undefined ? context?.actor : record.actor;
    const event = {
      occurredAt: new Date(),
      actorKind: actor ? actor.kind : 'system',
      actorId: actor?.id ?? null,
      actorName: actor?.displayName ?? 'Renkei',
      organisationId: record.organisationId ?? actor?.organisationId ?? null,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId ?? null,
      requestId: context?.requestId ?? null,
      data: JSON.parse(JSON.stringify(record.data ?? {})) as Record<string, unknown>,
    };
    return [
      event.occurredAt,
      event.actorKind,
      event.actorId,
      event.actorName,
      event.organisationId,
      event.action,
      event.entityType,
      event.entityId,
      event.requestId,
      JSON.stringify(event.data),
      eventContent(event),
    ];
  }

  /**
   * Appends an event inside the caller's transaction, in one round trip: the SQL function takes the
   * chain lock (held until commit), reads the last event, hashes and inserts. Write it last in the
   * transaction, so that the serialised part stays short.
   */
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Audit events are written inside the transaction of the change they describe');
    }
    await manager.query(
      `SELECT renkei_audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)`,
      this.appendArguments(record),
    );
  }

  /** Walks the whole chain in order, in batches, and says where it breaks. */
  async verifyChain(batchSize = 2000): Promise<ChainVerification> {
    let previousHash = GENESIS_HASH;
    let expectedSequence = 1n;
    let checked = 0;
    for (;;) {
      const rows = await this.dataSource
        .getRepository(AuditEventEntity)
        .createQueryBuilder('e')
        .where('e.sequence >= :from', { from: String(expectedSequence) })
        .orderBy('e.sequence', 'ASC')
        .limit(batchSize)
        .getMany();
      if (rows.length === 0) break;
      for (const row of rows) {
        const broken = (reason: string): ChainVerification => ({
          valid: false,
          checked,
          brokenAtSequence: String(row.sequence),
          reason,
        });
        if (BigInt(row.sequence) !== expectedSequence) {
          return {
            ...broken(`event ${expectedSequence} is missing`),
            brokenAtSequence: String(expectedSequence),
          };
        }
        if (row.previousHash !== previousHash)
          return broken('previous hash does not match the preceding event');
        if (hashEvent(previousHash, row) !== row.hash) return broken('event content does not match its hash');
        previousHash = row.hash;
        expectedSequence += 1n;
        checked += 1;
      }
    }
    return { valid: true, checked, brokenAtSequence: null, reason: null };
  }
}
