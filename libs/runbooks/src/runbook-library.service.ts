import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { isUuid } from '@renkei/core/database/database-errors';
import { badInput, conflict, forbidden, notFound } from '@renkei/core/errors/domain.errors';
import { decodeCursor, encodeCursor, PageInput, pageSize } from '@renkei/core/pagination/connection';
import { GuidelineService } from '@renkei/guideline/guideline.service';
import {
  CopyRunbookInput,
  CreateRunbookInput,
  RunbookContentInput,
  RunbookFilter,
} from './dto/runbook.input';
import { RunbookEntity, RunbookStepEntity, RunbookVersionEntity } from './entities/runbook.entity';
import {
  RunbookContent,
  contentFromInput,
  contentOf,
  stepsOf,
  validateContent,
  writeDraftContent,
} from './runbook-content';
import { RunbookScope, RunbookVersionStatus } from './runbooks.enums';

/**
 * Who sees a runbook, as a SQL condition on its alias: city-wide staff see all; everyone else their
 * own organisation's and every published city-wide one (Renkei's examples among them).
 */
export function runbookVisibility(
  actor: Actor,
  alias: string,
  offset: number,
): { sql: string; params: unknown[] } {
  if (isCityWide(actor)) return { sql: 'TRUE', params: [] };
  return {
    sql: `(${alias}.owner_organisation_id = $${offset + 1} OR (${alias}.scope = '${RunbookScope.CITY_WIDE}' AND ${alias}.current_version_id IS NOT NULL))`,
    params: [actor.organisationId],
  };
}

/** Drafts (and editing) are for the owner and city-wide staff. Examples are changed by copying them. */
export function canEdit(actor: Actor, runbook: RunbookEntity): boolean {
  if (runbook.isExample) return false;
  if (isCityWide(actor)) return true;
  return runbook.scope === RunbookScope.STAKEHOLDER && runbook.ownerOrganisationId === actor.organisationId;
}

export function canSeeDrafts(actor: Actor, runbook: RunbookEntity): boolean {
  return (
    isCityWide(actor) ||
    (runbook.ownerOrganisationId !== null && runbook.ownerOrganisationId === actor.organisationId)
  );
}

/** The runbook library (IR③): city-wide and stakeholder runbooks, versioned; published versions are immutable. */
@Injectable()
export class RunbookLibraryService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly guideline: GuidelineService,
  ) {}

  // ---- reading ----

  async findVisible(
    actor: Actor,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<RunbookEntity> {
    if (!isUuid(id)) throw notFound('Runbook', id);
    const visibility = runbookVisibility(actor, 'r', 1);
    const rows: { id: string }[] = await manager.query(
      `SELECT r.id FROM runbook r WHERE r.id = $1 AND ${visibility.sql}`,
      [id, ...visibility.params],
    );
    if (rows.length === 0) throw notFound('Runbook', id);
    const runbook = await manager.findOne(RunbookEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!runbook) throw notFound('Runbook', id);
    return runbook;
  }

  /** A runbook the actor may change, locked; visible but not editable is FORBIDDEN. */
  async findEditable(actor: Actor, id: string, manager: EntityManager): Promise<RunbookEntity> {
    const runbook = await this.findVisible(actor, id, manager, true);
    if (runbook.isExample) {
      throw forbidden('Renkei’s examples do not change: copy the example (copyRunbook) and edit the copy');
    }
    if (!canEdit(actor, runbook)) {
      throw forbidden('Only the owning organisation and the promotion body’s staff change this runbook');
    }
    return runbook;
  }

  async list(
    actor: Actor,
    filter: RunbookFilter = {},
    page?: PageInput,
  ): Promise<{ rows: RunbookEntity[]; hasNextPage: boolean; total: number }> {
    const first = pageSize(page, this.config.maxPageSize);
    const visibility = runbookVisibility(actor, 'r', 0);
    const params: unknown[] = [...visibility.params];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions = [visibility.sql];
    if (!filter.includeRetired) conditions.push('r.retired_at IS NULL');
    if (filter.scope) conditions.push(`r.scope = ${param(filter.scope)}`);
    if (filter.ownerOrganisationId)
      conditions.push(`r.owner_organisation_id = ${param(filter.ownerOrganisationId)}`);
    if (filter.isExample !== undefined) conditions.push(`r.is_example = ${param(filter.isExample)}`);
    const where = conditions.join(' AND ');
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM runbook r WHERE ${where}`,
      params,
    )) as { count: number }[];
    if (page?.after) {
      const [createdAt, id] = decodeCursor(page.after, 2);
      if (
        typeof createdAt !== 'string' ||
        typeof id !== 'string' ||
        !isUuid(id) ||
        Number.isNaN(Date.parse(createdAt))
      ) {
        throw badInput('page.after', 'Invalid cursor');
      }
      conditions.push(`(r.created_at, r.id) > (${param(new Date(createdAt))}, ${param(id)}::uuid)`);
    }
    const ids: { id: string }[] = await this.dataSource.query(
      `SELECT r.id FROM runbook r WHERE ${conditions.join(' AND ')} ORDER BY r.created_at, r.id LIMIT ${first + 1}`,
      params,
    );
    const pageIds = ids.slice(0, first).map((row) => row.id);
    const found = pageIds.length
      ? await this.dataSource.getRepository(RunbookEntity).findBy({ id: In(pageIds) })
      : [];
    const byId = new Map(found.map((row) => [row.id, row]));
    return {
      rows: pageIds.map((id) => byId.get(id) as RunbookEntity),
      hasNextPage: ids.length > first,
      total: count,
    };
  }

  static cursorOf(runbook: RunbookEntity): string {
    return encodeCursor([runbook.createdAt.toISOString(), runbook.id]);
  }

  async versionsOf(runbookIds: readonly string[]): Promise<RunbookVersionEntity[]> {
    if (runbookIds.length === 0) return [];
    return this.dataSource.getRepository(RunbookVersionEntity).find({
      where: { runbookId: In([...runbookIds]) },
      order: { number: 'ASC' },
    });
  }

  async versionsByIds(ids: readonly string[]): Promise<RunbookVersionEntity[]> {
    if (ids.length === 0) return [];
    return this.dataSource.getRepository(RunbookVersionEntity).findBy({ id: In([...ids]) });
  }

  async runbooksByIds(ids: readonly string[]): Promise<RunbookEntity[]> {
    if (ids.length === 0) return [];
    return this.dataSource.getRepository(RunbookEntity).findBy({ id: In([...ids]) });
  }

  async stepsOf(versionIds: readonly string[]): Promise<RunbookStepEntity[]> {
    return stepsOf(this.dataSource.manager, versionIds);
  }

  // ---- writing ----

  private async ownerFor(
    actor: Actor,
    manager: EntityManager,
    scope: RunbookScope,
    ownerOrganisationId: string | undefined,
  ): Promise<string> {
    if (scope === RunbookScope.CITY_WIDE) {
      if (!isCityWide(actor)) throw forbidden('City-wide runbooks are written by the promotion body’s staff');
      if (ownerOrganisationId && ownerOrganisationId !== actor.organisationId) {
        throw badInput('input.ownerOrganisationId', 'A city-wide runbook is owned by the promotion body');
      }
      return actor.organisationId;
    }
    const owner = ownerOrganisationId ?? actor.organisationId;
    if (owner !== actor.organisationId && !isCityWide(actor)) {
      throw forbidden('You write runbooks for your own organisation only');
    }
    if (!(await manager.query(`SELECT 1 FROM organisation WHERE id = $1`, [owner])).length) {
      throw badInput('input.ownerOrganisationId', `Organisation ${owner} does not exist`);
    }
    return owner;
  }

  private async insertRunbook(
    manager: EntityManager,
    actor: Actor,
    values: Partial<RunbookEntity>,
    content: RunbookContent,
  ): Promise<{ runbook: RunbookEntity; version: RunbookVersionEntity }> {
    const runbook = await manager.save(manager.create(RunbookEntity, values));
    const version = await manager.save(
      manager.create(RunbookVersionEntity, {
        runbookId: runbook.id,
        number: 1,
        status: RunbookVersionStatus.DRAFT,
        titleJa: content.titleJa,
        titleEn: content.titleEn,
        createdById: actor.userId,
      }),
    );
    await writeDraftContent(manager, version.id, content);
    return { runbook, version };
  }

  async create(actor: Actor, input: CreateRunbookInput): Promise<RunbookEntity> {
    const content = contentFromInput(input.content);
    return this.dataSource.transaction(async (manager) => {
      const owner = await this.ownerFor(actor, manager, input.scope, input.ownerOrganisationId);
      await validateContent(manager, content, 'input.content', (id) => this.guideline.isIncidentType(id));
      const { runbook, version } = await this.insertRunbook(
        manager,
        actor,
        { scope: input.scope, ownerOrganisationId: owner },
        content,
      );
      await this.audit.record(manager, {
        action: 'runbook.created',
        entityType: 'runbook',
        entityId: runbook.id,
        data: {
          scope: input.scope,
          ownerOrganisationId: owner,
          versionId: version.id,
          steps: content.steps.length,
        },
      });
      return runbook;
    });
  }

  /** A draft's content replaced as a whole; a published version is refused (make a new draft). */
  async updateVersion(
    actor: Actor,
    versionId: string,
    input: RunbookContentInput,
  ): Promise<RunbookVersionEntity> {
    if (!isUuid(versionId)) throw notFound('RunbookVersion', versionId);
    const content = contentFromInput(input);
    return this.dataSource.transaction(async (manager) => {
      const version = await manager.findOneBy(RunbookVersionEntity, { id: versionId });
      if (!version) throw notFound('RunbookVersion', versionId);
      const runbook = await this.findVisible(actor, version.runbookId, manager).catch(() => {
        throw notFound('RunbookVersion', versionId);
      });
      if (version.status === RunbookVersionStatus.DRAFT && !canSeeDrafts(actor, runbook)) {
        throw notFound('RunbookVersion', versionId);
      }
      await this.findEditable(actor, runbook.id, manager);
      const locked = await manager.findOne(RunbookVersionEntity, {
        where: { id: versionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (locked?.status !== RunbookVersionStatus.DRAFT) {
        throw conflict(
          `Version ${version.number} is published and cannot change; create a new draft from it (createRunbookDraft)`,
          'id',
        );
      }
      await validateContent(manager, content, 'input', (id) => this.guideline.isIncidentType(id));
      await writeDraftContent(manager, versionId, content);
      await this.audit.record(manager, {
        action: 'runbook.draft_updated',
        entityType: 'runbook_version',
        entityId: versionId,
        data: { runbookId: runbook.id, number: version.number, steps: content.steps.length },
      });
      return (await manager.findOneBy(RunbookVersionEntity, { id: versionId })) as RunbookVersionEntity;
    });
  }

  /** Publishes the runbook's draft: it becomes the current version and never changes again. */
  async publish(actor: Actor, runbookId: string): Promise<RunbookEntity> {
    return this.dataSource.transaction(async (manager) => {
      const runbook = await this.findEditable(actor, runbookId, manager);
      if (runbook.retiredAt) throw badInput('runbookId', 'The runbook is retired');
      const draft = await manager.findOneBy(RunbookVersionEntity, {
        runbookId,
        status: RunbookVersionStatus.DRAFT,
      });
      if (!draft) throw badInput('runbookId', 'The runbook has no draft to publish');
      // The draft was validated when written; the directory may have changed since (a named organisation).
      const steps = await stepsOf(manager, [draft.id]);
      await validateContent(manager, contentOf(draft, steps), 'draft', (id) =>
        this.guideline.isIncidentType(id),
      );
      const now = new Date();
      await manager.update(
        RunbookVersionEntity,
        { id: draft.id },
        { status: RunbookVersionStatus.PUBLISHED, publishedAt: now, publishedById: actor.userId },
      );
      await manager.update(RunbookEntity, { id: runbookId }, { currentVersionId: draft.id });
      await this.audit.record(manager, {
        action: 'runbook.published',
        entityType: 'runbook',
        entityId: runbookId,
        data: { versionId: draft.id, number: draft.number, supersedes: runbook.currentVersionId },
      });
      return (await manager.findOneBy(RunbookEntity, { id: runbookId })) as RunbookEntity;
    });
  }

  /** Editing a published runbook: a new draft, copied from its current version. */
  async createDraft(actor: Actor, runbookId: string, manager?: EntityManager): Promise<RunbookVersionEntity> {
    const work = async (tx: EntityManager) => {
      const runbook = await this.findEditable(actor, runbookId, tx);
      if (!runbook.currentVersionId) {
        throw badInput('runbookId', 'The runbook has no published version yet: edit and publish its draft');
      }
      if (await tx.findOneBy(RunbookVersionEntity, { runbookId, status: RunbookVersionStatus.DRAFT })) {
        throw conflict('The runbook already has a draft; edit that one', 'runbookId');
      }
      const draft = await this.newDraftFrom(tx, actor, runbook, runbook.currentVersionId);
      await this.audit.record(tx, {
        action: 'runbook.draft_created',
        entityType: 'runbook_version',
        entityId: draft.id,
        data: { runbookId, number: draft.number, basedOnVersionId: runbook.currentVersionId },
      });
      return draft;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** The runbook's draft, made from the current version when there is none (for proposed changes). */
  async draftFor(actor: Actor, runbookId: string, manager: EntityManager): Promise<RunbookVersionEntity> {
    await this.findEditable(actor, runbookId, manager);
    const existing = await manager.findOneBy(RunbookVersionEntity, {
      runbookId,
      status: RunbookVersionStatus.DRAFT,
    });
    return existing ?? this.createDraft(actor, runbookId, manager);
  }

  private async newDraftFrom(
    manager: EntityManager,
    actor: Actor,
    runbook: RunbookEntity,
    sourceVersionId: string,
  ): Promise<RunbookVersionEntity> {
    const source = (await manager.findOneBy(RunbookVersionEntity, {
      id: sourceVersionId,
    })) as RunbookVersionEntity;
    const [{ next }] = (await manager.query(
      `SELECT coalesce(max(number), 0) + 1 AS next FROM runbook_version WHERE runbook_id = $1`,
      [runbook.id],
    )) as { next: number }[];
    const draft = await manager.save(
      manager.create(RunbookVersionEntity, {
        runbookId: runbook.id,
        number: next,
        status: RunbookVersionStatus.DRAFT,
        titleJa: source.titleJa,
        titleEn: source.titleEn,
        basedOnVersionId: source.id,
        createdById: actor.userId,
      }),
    );
    await writeDraftContent(manager, draft.id, contentOf(source, await stepsOf(manager, [source.id])));
    return (await manager.findOneBy(RunbookVersionEntity, { id: draft.id })) as RunbookVersionEntity;
  }

  /** A visible runbook's current version copied into a new runbook of one's own (a draft v1). */
  async copy(actor: Actor, runbookId: string, input: CopyRunbookInput): Promise<RunbookEntity> {
    return this.dataSource.transaction(async (manager) => {
      const source = await this.findVisible(actor, runbookId, manager);
      const versionId = source.currentVersionId;
      if (!versionId) throw badInput('runbookId', 'The runbook has no published version to copy');
      const owner = await this.ownerFor(actor, manager, input.scope, input.ownerOrganisationId);
      const version = (await manager.findOneBy(RunbookVersionEntity, {
        id: versionId,
      })) as RunbookVersionEntity;
      const content = contentOf(version, await stepsOf(manager, [versionId]));
      const { runbook } = await this.insertRunbook(
        manager,
        actor,
        { scope: input.scope, ownerOrganisationId: owner, copiedFromRunbookId: source.id },
        {
          ...content,
          changeNote: `Copied from ${source.isExample ? 'the example' : 'runbook'} “${version.titleEn}” v${version.number}`,
        },
      );
      await this.audit.record(manager, {
        action: 'runbook.copied',
        entityType: 'runbook',
        entityId: runbook.id,
        data: { from: source.id, fromVersionId: versionId, scope: input.scope, ownerOrganisationId: owner },
      });
      return runbook;
    });
  }

  async retire(actor: Actor, runbookId: string): Promise<RunbookEntity> {
    return this.dataSource.transaction(async (manager) => {
      const runbook = await this.findEditable(actor, runbookId, manager);
      if (runbook.retiredAt) return runbook;
      await manager.update(RunbookEntity, { id: runbookId }, { retiredAt: new Date() });
      await this.audit.record(manager, {
        action: 'runbook.retired',
        entityType: 'runbook',
        entityId: runbookId,
        data: {},
      });
      return (await manager.findOneBy(RunbookEntity, { id: runbookId })) as RunbookEntity;
    });
  }
}
