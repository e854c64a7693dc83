import { Inject, Injectable } from '@nestjs/common';
import { preparedQuery } from '@renkei/core/database/prepared-query';
import { camelCaseKeys } from '@renkei/core/database/rows';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { IncidentHooks } from '@renkei/core/events/incident-hooks';
import { isUuid } from '@renkei/core/database/database-errors';
import { badInput, conflict, notFound } from '@renkei/core/errors/domain.errors';
import { decodeCursor, encodeCursor, PageInput, pageSize } from '@renkei/core/pagination/connection';
import { escapeLike } from '@renkei/directory/directory.service';
import { GuidelineService } from '@renkei/guideline/guideline.service';
import { ComponentEntity } from '@renkei/responsibility/entities/component.entity';
import { ResponsibilityService } from '@renkei/responsibility/responsibility.service';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { IncidentFilter, ReportIncidentInput } from './dto/incident.input';
import { IncidentEntity } from './entities/incident.entity';
import {
  IncidentComponentEntity,
  IncidentMemberEntity,
  IncidentParticipantEntity,
} from './entities/incident-links.entity';
import { IncidentTaskEntity } from './entities/incident-task.entity';
import { SeverityDefinitionEntity } from './entities/severity-definition.entity';
import { TimelineEntryEntity } from './entities/timeline-entry.entity';
import { OPEN_STATUSES } from './incident-lifecycle';
import { appendTimeline } from './incident-timeline';
import { incidentVisibility, incidentVisibilityBranches } from './incident-visibility';
import { DetectionSource, IncidentRole, ParticipantSource, Tlp, TimelineEntryKind } from './incidents.enums';

const DUTY_ORDER = [Duty.RESPONSIBLE, Duty.ACCOUNTABLE, Duty.CONSULTED, Duty.INFORMED];

class DedupRace extends Error {}

/** Stands in for the incident reference in the audit event until the numbering statement knows it. */
const REFERENCE_PLACEHOLDER = '\u0000reference\u0000';

/** An incident row as PostgreSQL returns it (snake_case) in the entity's shape. */
function incidentFromRow(row: Record<string, unknown>): IncidentEntity {
  return camelCaseKeys<IncidentEntity>(row);
}

export interface IncidentPage {
  rows: IncidentEntity[];
  hasNextPage: boolean;
  count: () => Promise<number>;
}

/** The incident register: reporting and reading, with visibility applied in every query. */
@Injectable()
export class IncidentsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly map: ResponsibilityService,
    private readonly guideline: GuidelineService,
    private readonly events: DomainEvents,
    private readonly hooks: IncidentHooks,
  ) {}

  // ---- reading ----

  /** One incident the actor may see, optionally locked for update inside a transaction. */
  async findVisible(
    actor: Actor,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<IncidentEntity> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('Incident', id);
    const visibility = incidentVisibility(actor, 'i', 1);
    const rows: { id: string }[] = await manager.query(
      `SELECT i.id FROM incident i WHERE i.id = $1 AND ${visibility.sql}`,
      [id, ...visibility.params],
    );
    if (rows.length === 0) throw notFound('Incident', id);
    const incident = await manager.findOne(IncidentEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!incident) throw notFound('Incident', id);
    return incident;
  }

  async findByReference(actor: Actor, reference: string): Promise<IncidentEntity> {
    const visibility = incidentVisibility(actor, 'i', 1);
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT i.id FROM incident i WHERE i.reference = $1 AND ${visibility.sql}`,
      [reference, ...visibility.params],
    );
    if (rows.length === 0) throw notFound('Incident', reference);
    return this.findVisible(actor, rows[0].id);
  }

  /** A page of visible incidents, newest first, keyset-paginated; the count runs only if asked for. */
  async list(actor: Actor, filter: IncidentFilter = {}, page?: PageInput): Promise<IncidentPage> {
    const first = pageSize(page, this.config.maxPageSize);
    const visibility = incidentVisibility(actor, 'i', 0);
    // Drill incidents (tabletop exercises) belong to their exercise, never to the register.
    const conditions = [visibility.sql, 'i.exercise_id IS NULL'];
    const params: unknown[] = [...visibility.params];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.statuses?.length) conditions.push(`i.status = ANY(${param(filter.statuses)}::text[])`);
    if (filter.severities?.length) conditions.push(`i.severity = ANY(${param(filter.severities)}::text[])`);
    if (filter.tlps?.length) conditions.push(`i.tlp = ANY(${param(filter.tlps)}::text[])`);
    if (filter.personalDataInvolved !== undefined)
      conditions.push(`i.personal_data_involved = ${param(filter.personalDataInvolved)}`);
    if (filter.organisationId) {
      conditions.push(
        `EXISTS (SELECT 1 FROM incident_participant fp WHERE fp.incident_id = i.id AND fp.organisation_id = ${param(filter.organisationId)})`,
      );
    }
    if (filter.componentId) {
      conditions.push(
        `EXISTS (SELECT 1 FROM incident_component fc WHERE fc.incident_id = i.id AND fc.component_id = ${param(filter.componentId)})`,
      );
    }
    if (filter.reportedFrom) conditions.push(`i.reported_at >= ${param(new Date(filter.reportedFrom))}`);
    if (filter.reportedTo) conditions.push(`i.reported_at < ${param(new Date(filter.reportedTo))}`);
    if (filter.text) {
      const pattern = param(`%${escapeLike(filter.text)}%`);
      conditions.push(
        `(i.title ILIKE ${pattern} OR i.description ILIKE ${pattern} OR i.reference ILIKE ${pattern})`,
      );
    }
    const filters = conditions.slice(1);
    const countSql = `SELECT count(*)::int AS count FROM (${incidentVisibilityBranches(actor, 'i', 0)
      .map((branch) => `SELECT i.id FROM incident i WHERE ${[`(${branch})`, ...filters].join(' AND ')}`)
      .join(' UNION ')}) visible`;
    const countParams = [...params];
    if (page?.after) {
      const [reportedAt, id] = decodeCursor(page.after, 2);
      if (
        typeof reportedAt !== 'string' ||
        typeof id !== 'string' ||
        !isUuid(id) ||
        Number.isNaN(Date.parse(reportedAt))
      ) {
        throw badInput('page.after', 'Invalid cursor');
      }
      conditions.push(`(i.reported_at, i.id) < (${param(new Date(reportedAt))}, ${param(id)}::uuid)`);
    }
    const ids: { id: string }[] = await this.dataSource.query(
      `SELECT i.id FROM incident i WHERE ${conditions.join(' AND ')} ORDER BY i.reported_at DESC, i.id DESC LIMIT ${first + 1}`,
      params,
    );
    const pageIds = ids.slice(0, first).map((row) => row.id);
    const entities = pageIds.length
      ? await this.dataSource.getRepository(IncidentEntity).findBy({ id: In(pageIds) })
      : [];
    const byId = new Map(entities.map((entity) => [entity.id, entity]));
    return {
      rows: pageIds.map((id) => byId.get(id) as IncidentEntity),
      hasNextPage: ids.length > first,
      count: async () =>
        ((await this.dataSource.query(countSql, countParams)) as { count: number }[])[0].count,
    };
  }

  static cursorOf(incident: IncidentEntity): string {
    return encodeCursor([incident.reportedAt.toISOString(), incident.id]);
  }

  async severityDefinitions(): Promise<SeverityDefinitionEntity[]> {
    return this.dataSource.getRepository(SeverityDefinitionEntity).find({ order: { level: 'ASC' } });
  }

  // ---- batch loaders (one query per list, whatever its length) ----

  async participantsOf(incidentIds: readonly string[]): Promise<IncidentParticipantEntity[]> {
    return this.dataSource.getRepository(IncidentParticipantEntity).find({
      where: { incidentId: In([...incidentIds]) },
      order: { addedAt: 'ASC' },
    });
  }

  async componentsOf(
    incidentIds: readonly string[],
  ): Promise<(IncidentComponentEntity & { component: ComponentEntity })[]> {
    return (await this.dataSource.getRepository(IncidentComponentEntity).find({
      where: { incidentId: In([...incidentIds]) },
      relations: { component: true },
      order: { addedAt: 'ASC' },
    })) as (IncidentComponentEntity & { component: ComponentEntity })[];
  }

  async membersOf(incidentIds: readonly string[]): Promise<IncidentMemberEntity[]> {
    return this.dataSource.getRepository(IncidentMemberEntity).find({
      where: { incidentId: In([...incidentIds]) },
      relations: { user: true },
      order: { addedAt: 'ASC' },
    });
  }

  async tasksOf(incidentIds: readonly string[]): Promise<IncidentTaskEntity[]> {
    return this.dataSource.getRepository(IncidentTaskEntity).find({
      where: { incidentId: In([...incidentIds]) },
      order: { createdAt: 'ASC' },
    });
  }

  async latestTimelineOf(incidentIds: readonly string[]): Promise<TimelineEntryEntity[]> {
    if (incidentIds.length === 0) return [];
    const rows: { sequence: string }[] = await this.dataSource.query(
      `SELECT last.sequence FROM unnest($1::uuid[]) AS ids(id)
       CROSS JOIN LATERAL (
         SELECT t.sequence FROM incident_timeline_entry t WHERE t.incident_id = ids.id ORDER BY t.sequence DESC LIMIT 1
       ) last`,
      [[...incidentIds]],
    );
    if (rows.length === 0) return [];
    return this.dataSource
      .getRepository(TimelineEntryEntity)
      .findBy({ sequence: In(rows.map((r) => r.sequence)) });
  }

  async timeline(
    incidentId: string,
    page?: PageInput,
  ): Promise<{ rows: TimelineEntryEntity[]; hasNextPage: boolean; total: number }> {
    const first = pageSize(page, this.config.maxPageSize);
    const query = this.dataSource
      .getRepository(TimelineEntryEntity)
      .createQueryBuilder('t')
      .where('t.incident_id = :incidentId', { incidentId });
    const total = await query.getCount();
    if (page?.after) {
      const [sequence] = decodeCursor(page.after, 1);
      if (!/^\d{1,18}$/.test(String(sequence))) throw badInput('page.after', 'Invalid cursor');
      query.andWhere('t.sequence > :sequence', { sequence: String(sequence) });
    }
    const rows = await query
      .orderBy('t.sequence', 'ASC')
      .limit(first + 1)
      .getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first, total };
  }

  // ---- reporting ----

  /**
   * Reports an incident: resolves the responsibility map into participants, numbers it, and writes
   * it with its timeline and audit event in one transaction. With a dedupKey matching an open
   * incident, records an occurrence on that one instead.
   */
  async report(
    actor: Actor,
    input: ReportIncidentInput,
  ): Promise<{ incident: IncidentEntity; deduplicated: boolean }> {
    if (input.incidentTypeId && !this.guideline.isIncidentType(input.incidentTypeId)) {
      throw badInput(
        'input.incidentTypeId',
        `Unknown incident type ${input.incidentTypeId} (Appendix B has INC-01 … INC-25)`,
      );
    }
    const detectedAt = input.detectedAt ? new Date(input.detectedAt) : null;
    if (detectedAt && detectedAt.getTime() > Date.now() + 5 * 60_000) {
      throw badInput('input.detectedAt', 'detectedAt is in the future');
    }
    const componentIds = input.componentIds ?? [];
    for (let attempt = 0; ; attempt += 1) {
      try {
        const written = await this.dataSource.transaction((manager) =>
          this.reportInTransaction(manager, actor, input, componentIds, detectedAt),
        );
        const { incidentId, deduplicated } = written;
        const incident =
          written.incident ??
          ((await this.dataSource
            .getRepository(IncidentEntity)
            .findOneBy({ id: incidentId })) as IncidentEntity);
        this.events.emit('incident', {
          type: deduplicated ? 'incident.updated' : 'incident.created',
          incidentId,
          detail: deduplicated ? { occurrence: incident.occurrenceCount } : {},
        });
        return { incident, deduplicated };
      } catch (error) {
        if (error instanceof DedupRace && attempt < 3) continue;
        throw error;
      }
    }
  }

  private async reportInTransaction(
    manager: EntityManager,
    actor: Actor,
    input: ReportIncidentInput,
    componentIds: string[],
    detectedAt: Date | null,
  ): Promise<{ incidentId: string; incident?: IncidentEntity; deduplicated: boolean }> {
    if (input.dedupKey) {
      const existing = await manager.findOne(IncidentEntity, {
        where: {
          reporterOrganisationId: actor.organisationId,
          dedupKey: input.dedupKey,
          status: In(OPEN_STATUSES),
        },
        lock: { mode: 'pessimistic_write' },
      });
      if (existing) {
        // A TLP:RED incident of the same organisation that this reporter is not named on: say so, reveal nothing.
        await this.findVisible(actor, existing.id, manager).catch(() => {
          throw conflict(
            'An open incident of your organisation has this dedupKey but you are not named on it; ask its commander',
            'input.dedupKey',
          );
        });
        await this.addOccurrence(manager, actor, existing);
        return { incidentId: existing.id, deduplicated: true };
      }
    }
    const parties = await this.map.partiesFor(componentIds, manager);
    // Outside the promotion body, a reporter names only components its organisation is involved in;
    // others are answered exactly like unknown ids (reporting must not reveal who runs what).
    const reportable = isCityWide(actor)
      ? parties.found
      : new Set((await this.map.visibleComponents(actor, componentIds, manager)).map((c) => c.id));
    const missing = componentIds.find((id) => !parties.found.has(id) || !reportable.has(id));
    if (missing) throw badInput('input.componentIds', `Component ${missing} does not exist`);
    const now = new Date();
    const tlp = input.tlp ?? Tlp.AMBER;
    const title = input.title.trim();
    const participants = new Map<string, { duties: Set<Duty>; source: ParticipantSource }>();
    for (const [organisationId, items] of parties.byOrganisation) {
      participants.set(organisationId, {
        duties: new Set(items.map((item) => item.assignment.duty)),
        source: ParticipantSource.MAP,
      });
    }
    if (!participants.has(actor.organisationId)) {
      participants.set(actor.organisationId, { duties: new Set(), source: ParticipantSource.REPORTER });
    }
    const participantRows = [...participants].map(([organisationId, value]) => ({
      organisationId,
      duties: DUTY_ORDER.filter((duty) => value.duties.has(duty)),
      source: value.source,
    }));
    // TLP:RED travels to named people only; the reporter is the first of them.
    const namedReporter = tlp === Tlp.RED && actor.userId ? actor.userId : null;
    if (tlp === Tlp.RED && !namedReporter) {
      throw badInput(
        'input.tlp',
        'TLP:RED names the people who may see the incident; an API key cannot be one of them',
      );
    }

    // One statement writes the incident with its components, participants, first timeline entry and,
    // for RED, the reporter as a named recipient. A concurrent report with the same open dedupKey makes
    // the incident insert (and so everything after it) a no-op: the report is retried as an occurrence.
    const [written] = (await preparedQuery(
      manager,
      'renkei_report_insert_v2',
      `WITH inserted AS (
         INSERT INTO incident (reference, title, description, severity, category, incident_type_id, detection_source,
                               personal_data_involved, safety_impact, tlp, reported_at, detected_at, reporter_user_id,
                               reporter_api_key_id, reporter_organisation_id, dedup_key, last_occurrence_at, version,
                               malicious_suspected)
         VALUES ('PENDING-' || gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $10, 1, $26)
         ON CONFLICT DO NOTHING
         RETURNING id
       ), components AS (
         INSERT INTO incident_component (incident_id, component_id)
         SELECT inserted.id, c FROM inserted, unnest($16::uuid[]) AS c
       ), participants AS (
         INSERT INTO incident_participant (incident_id, organisation_id, duties, source)
         SELECT inserted.id, p.organisation_id, CASE WHEN p.duties = '' THEN '{}'::text[] ELSE string_to_array(p.duties, ',') END, p.source
         FROM inserted, unnest($17::uuid[], $18::text[], $19::text[]) AS p(organisation_id, duties, source)
       ), members AS (
         INSERT INTO incident_member (incident_id, user_id, role)
         SELECT inserted.id, $20::uuid, '${IncidentRole.RECIPIENT}' FROM inserted WHERE $20::uuid IS NOT NULL
       ), timeline AS (
         INSERT INTO incident_timeline_entry (incident_id, occurred_at, kind, actor_kind, actor_id, actor_name, actor_organisation_id, message, data)
         SELECT inserted.id, $10, '${TimelineEntryKind.REPORTED}', $21, $22, $23, $14, $24, $25::jsonb FROM inserted
       )
       SELECT id FROM inserted`,
      [
        title,
        input.description ?? '',
        input.severity,
        input.category,
        input.incidentTypeId ?? null,
        input.detectionSource ?? DetectionSource.OTHER,
        input.personalDataInvolved ?? false,
        input.safetyImpact ?? false,
        tlp,
        now,
        detectedAt,
        actor.userId,
        actor.kind === 'apiKey' ? actor.id : null,
        actor.organisationId,
        input.dedupKey ?? null,
        componentIds,
        participantRows.map((row) => row.organisationId),
        participantRows.map((row) => row.duties.join(',')),
        participantRows.map((row) => row.source),
        namedReporter,
        actor.kind,
        actor.id,
        actor.displayName,
        `Reported: ${title}`,
        JSON.stringify({ severity: input.severity, tlp, componentIds, participants: participantRows }),
        input.maliciousSuspected ?? false,
      ],
    )) as { id: string }[];
    if (!written) throw new DedupRace();
    const incidentId = written.id;

    // The serialised tail, kept to two round trips before COMMIT: the per-year counter row (locked
    // until commit) numbers the incident, then the audit chain appends.
    // Alerts for the first escalation step are written here, in the report's transaction (the outbox),
    // before the serialised tail; the report's audit event records them.
    const alerting = await this.hooks.run(manager, { kind: 'reported', incidentId });
    const year = now.getUTCFullYear();
    // The serialised tail is this one statement (then COMMIT): the per-year counter row (locked until
    // commit) numbers the incident, and the audit chain appends the event that carries the number.
    const audit = this.audit.appendArguments({
      action: 'incident.reported',
      entityType: 'incident',
      entityId: incidentId,
      data: {
        reference: REFERENCE_PLACEHOLDER,
        severity: input.severity,
        tlp,
        componentIds,
        participants: [...participants.keys()],
        dedupKey: input.dedupKey ?? null,
        ...alerting,
      },
    });
    const [row] = (await preparedQuery(
      manager,
      'renkei_report_number',
      `WITH counter AS (
         INSERT INTO incident_reference_counter (year, last_value) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last_value = incident_reference_counter.last_value + 1
         RETURNING last_value
       ), numbered AS (
         UPDATE incident SET reference = 'INC-' || $1::text || '-' || lpad(counter.last_value::text, greatest(4, length(counter.last_value::text)), '0')
         FROM counter WHERE incident.id = $2
         RETURNING incident.*
       ), audited AS (
         SELECT renkei_audit_append($3, $4, $5, $6, $7, $8, $9, $10, $11,
                  replace($12, $14, to_json(numbered.reference)::text)::jsonb,
                  replace($13, $14, to_json(numbered.reference)::text)) AS sequence
         FROM numbered
       )
       SELECT numbered.*, audited.sequence AS audit_sequence FROM numbered, audited`,
      [year, incidentId, ...audit, JSON.stringify(REFERENCE_PLACEHOLDER)],
    )) as Record<string, unknown>[];
    const { audit_sequence: _sequence, ...columns } = row;
    const incident = incidentFromRow(columns);
    return { incidentId, incident, deduplicated: false };
  }

  private async addOccurrence(manager: EntityManager, actor: Actor, incident: IncidentEntity): Promise<void> {
    const now = new Date();
    await manager.query(
      `UPDATE incident SET occurrence_count = occurrence_count + 1, last_occurrence_at = $2, updated_at = now(), version = version + 1 WHERE id = $1`,
      [incident.id, now],
    );
    await appendTimeline(
      manager,
      incident.id,
      TimelineEntryKind.OCCURRENCE,
      `Reported again (occurrence ${incident.occurrenceCount + 1})`,
      {
        occurrence: incident.occurrenceCount + 1,
        reporterOrganisationId: actor.organisationId,
      },
      actor,
    );
    await this.audit.record(manager, {
      action: 'incident.occurrence',
      entityType: 'incident',
      entityId: incident.id,
      data: { occurrence: incident.occurrenceCount + 1, dedupKey: incident.dedupKey },
    });
  }
}
