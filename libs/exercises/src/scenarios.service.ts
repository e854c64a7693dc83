import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { isUuid } from '@renkei/core/database/database-errors';
import { badInput, conflict, forbidden, notFound } from '@renkei/core/errors/domain.errors';
import { decodeCursor, encodeCursor, PageInput, pageSize } from '@renkei/core/pagination/connection';
import { ExerciseScenarioEntity, ExerciseScenarioVersionEntity } from './entities/scenario.entity';
import { ScenarioOrigin } from './exercises.enums';
import type { ScenarioContent } from './scenario-content';
import { checkInjectReferences, validateScenarioContent } from './scenario-validation';

export interface ScenarioWithVersion {
  scenario: ExerciseScenarioEntity;
  current: ExerciseScenarioVersionEntity;
}

/**
 * The scenario library: the guideline catalogue's scenarios as examples (written by a data migration),
 * and the city's own. Every edit writes a new version; an exercise keeps the version it was planned from.
 * Everyone who may read exercises sees the library; the promotion body edits every scenario, an
 * organisation its own.
 */
@Injectable()
export class ScenariosService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async list(
    filter: { includeArchived?: boolean; text?: string },
    page?: PageInput,
  ): Promise<{ rows: ScenarioWithVersion[]; hasNextPage: boolean; totalCount: number }> {
    const first = pageSize(page, this.config.maxPageSize);
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (!filter.includeArchived) conditions.push('s.archived_at IS NULL');
    if (filter.text) {
      params.push(`%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      conditions.push(
        `(v.content->>'titleJa' ILIKE $${params.length} OR v.content->>'titleEn' ILIKE $${params.length} OR s.key ILIKE $${params.length})`,
      );
    }
    const base = `FROM exercise_scenario s JOIN exercise_scenario_version v ON v.scenario_id = s.id AND v.number = s.current_version`;
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count ${base} ${where}`,
      params,
    )) as {
      count: number;
    }[];
    const pageConditions = [...conditions];
    const pageParams = [...params];
    if (page?.after) {
      const [key] = decodeCursor(page.after, 1);
      if (typeof key !== 'string') throw badInput('page.after', 'Invalid cursor');
      pageParams.push(key);
      pageConditions.push(`s.key > $${pageParams.length}`);
    }
    const rows = (await this.dataSource.query(
      `SELECT s.id ${base} ${pageConditions.length ? `WHERE ${pageConditions.join(' AND ')}` : ''}
        ORDER BY s.key LIMIT ${first + 1}`,
      pageParams,
    )) as { id: string }[];
    const loaded = await this.byIds(rows.slice(0, first).map((row) => row.id));
    return { rows: loaded, hasNextPage: rows.length > first, totalCount: count };
  }

  cursorOf(row: ScenarioWithVersion): string {
    return encodeCursor([row.scenario.key]);
  }

  async byIds(
    ids: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ScenarioWithVersion[]> {
    if (ids.length === 0) return [];
    const scenarios = await manager.getRepository(ExerciseScenarioEntity).findBy({ id: In(ids) });
    const versions = await manager.query(
      `SELECT v.id FROM exercise_scenario_version v JOIN exercise_scenario s ON s.id = v.scenario_id
        WHERE s.id = ANY($1::uuid[]) AND v.number = s.current_version`,
      [ids],
    );
    const current = await manager
      .getRepository(ExerciseScenarioVersionEntity)
      .findBy({ id: In((versions as { id: string }[]).map((v) => v.id)) });
    const byScenario = new Map(current.map((version) => [version.scenarioId, version]));
    const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
    return ids
      .filter((id) => byId.has(id) && byScenario.has(id))
      .map((id) => ({
        scenario: byId.get(id) as ExerciseScenarioEntity,
        current: byScenario.get(id) as ExerciseScenarioVersionEntity,
      }));
  }

  async get(id: string, manager?: EntityManager): Promise<ScenarioWithVersion> {
    if (!isUuid(id)) throw notFound('Scenario', id);
    const [found] = await this.byIds([id], manager);
    if (!found) throw notFound('Scenario', id);
    return found;
  }

  async versions(scenarioId: string): Promise<ExerciseScenarioVersionEntity[]> {
    await this.get(scenarioId);
    return this.dataSource.getRepository(ExerciseScenarioVersionEntity).find({
      where: { scenarioId },
      order: { number: 'ASC' },
    });
  }

  async create(actor: Actor, content: ScenarioContent): Promise<ScenarioWithVersion> {
    validateScenarioContent(content);
    return this.dataSource.transaction(async (manager) => {
      await this.checkReferences(manager, content);
      const scenario = await manager.save(
        manager.create(ExerciseScenarioEntity, {
          key: `SCN-${randomBytes(5).toString('hex').toUpperCase()}`,
          origin: ScenarioOrigin.CUSTOM,
          isExample: false,
          ownerOrganisationId: actor.organisationId,
          currentVersion: 1,
          createdById: actor.userId,
        }),
      );
      const version = await this.writeVersion(manager, scenario.id, 1, content, actor);
      await this.audit.record(manager, {
        action: 'exercise.scenario_created',
        entityType: 'exercise_scenario',
        entityId: scenario.id,
        actor,
        data: { key: scenario.key, title: content.titleEn },
      });
      return { scenario, current: version };
    });
  }

  /** A new version (the previous ones stay, and exercises keep theirs). */
  async update(
    actor: Actor,
    id: string,
    expectedVersion: number,
    content: ScenarioContent,
  ): Promise<ScenarioWithVersion> {
    validateScenarioContent(content);
    return this.dataSource.transaction(async (manager) => {
      const scenario = await this.lockedForEdit(manager, actor, id);
      if (scenario.version !== expectedVersion) {
        throw conflict(
          `The scenario changed since you read it (version ${scenario.version}, you had ${expectedVersion})`,
          'expectedVersion',
        );
      }
      await this.checkReferences(manager, content);
      const number = scenario.currentVersion + 1;
      const version = await this.writeVersion(manager, scenario.id, number, content, actor);
      scenario.currentVersion = number;
      const saved = await manager.save(scenario);
      await this.audit.record(manager, {
        action: 'exercise.scenario_versioned',
        entityType: 'exercise_scenario',
        entityId: scenario.id,
        actor,
        data: { version: number },
      });
      return { scenario: saved, current: version };
    });
  }

  /** A copy in the caller's organisation, from the current version (an example becomes the city's own). */
  async copy(actor: Actor, id: string): Promise<ScenarioWithVersion> {
    const source = await this.get(id);
    return this.dataSource.transaction(async (manager) => {
      const scenario = await manager.save(
        manager.create(ExerciseScenarioEntity, {
          key: `SCN-${randomBytes(5).toString('hex').toUpperCase()}`,
          origin: ScenarioOrigin.COPY,
          isExample: false,
          copiedFromId: source.scenario.id,
          ownerOrganisationId: actor.organisationId,
          currentVersion: 1,
          createdById: actor.userId,
        }),
      );
      const version = await this.writeVersion(manager, scenario.id, 1, source.current.content, actor);
      await this.audit.record(manager, {
        action: 'exercise.scenario_copied',
        entityType: 'exercise_scenario',
        entityId: scenario.id,
        actor,
        data: { from: source.scenario.id, fromVersion: source.current.number },
      });
      return { scenario, current: version };
    });
  }

  async archive(actor: Actor, id: string, archived: boolean): Promise<ScenarioWithVersion> {
    return this.dataSource.transaction(async (manager) => {
      const scenario = await this.lockedForEdit(manager, actor, id);
      scenario.archivedAt = archived ? (scenario.archivedAt ?? new Date()) : null;
      await manager.save(scenario);
      await this.audit.record(manager, {
        action: archived ? 'exercise.scenario_archived' : 'exercise.scenario_restored',
        entityType: 'exercise_scenario',
        entityId: scenario.id,
        actor,
        data: {},
      });
      return this.get(id, manager);
    });
  }

  private async lockedForEdit(
    manager: EntityManager,
    actor: Actor,
    id: string,
  ): Promise<ExerciseScenarioEntity> {
    if (!isUuid(id)) throw notFound('Scenario', id);
    const scenario = await manager
      .getRepository(ExerciseScenarioEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .getOne();
    if (!scenario) throw notFound('Scenario', id);
    if (scenario.isExample) {
      throw forbidden('Example scenarios are shipped with Renkei: copy one to adapt it');
    }
    if (!isCityWide(actor) && scenario.ownerOrganisationId !== actor.organisationId) {
      throw forbidden('Only the scenario’s organisation or the promotion body may change it');
    }
    return scenario;
  }

  private async writeVersion(
    manager: EntityManager,
    scenarioId: string,
    number: number,
    content: ScenarioContent,
    actor: Actor,
  ): Promise<ExerciseScenarioVersionEntity> {
    return manager.save(
      manager.create(ExerciseScenarioVersionEntity, {
        scenarioId,
        number,
        content: JSON.parse(JSON.stringify(content)) as ScenarioContent,
        createdById: actor.userId,
      }),
    );
  }

  /** Named organisations, contacts and components exist. */
  async checkReferences(manager: EntityManager, content: ScenarioContent, prefix = 'content'): Promise<void> {
    await checkInjectReferences(
      manager,
      content.injects.map((inject, i) => ({ inject, prefix: `${prefix}.injects.${i}` })),
    );
  }
}
