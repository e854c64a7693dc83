import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { rethrowConstraint } from '@renkei/core/database/database-errors';
import { badInput, notFound } from '@renkei/core/errors/domain.errors';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import {
  AssignResponsibilityInput,
  ComponentFilter,
  CreateComponentInput,
  UpdateComponentInput,
} from './dto/responsibility.type';
import { AssignmentEntity } from './entities/assignment.entity';
import { ComponentEntity } from './entities/component.entity';
import { Duty, ResponsibilityBoundary } from './responsibility.enums';

/** An assignment as it applies to a component, possibly inherited from an ancestor. */
export interface EffectiveAssignment {
  componentId: string;
  assignment: AssignmentEntity;
  inheritedFromComponentId: string | null;
}

/**
 * Effective duties of one component: for each (duty, boundary), the nearest component on the way
 * up that has any assignment for it wins — a component's own assignments override its ancestors'.
 * `chain` is the component followed by its ancestors, nearest first.
 */
export function effectiveAssignments(
  chain: string[],
  byComponent: Map<string, AssignmentEntity[]>,
): EffectiveAssignment[] {
  const decided = new Set<string>();
  const result: EffectiveAssignment[] = [];
  for (const componentId of chain) {
    const here = byComponent.get(componentId) ?? [];
    const keysHere = new Set<string>();
    for (const assignment of here) {
      const key = `${assignment.duty}/${assignment.boundary}`;
      if (decided.has(key)) continue;
      keysHere.add(key);
      result.push({
        componentId: chain[0],
        assignment,
        inheritedFromComponentId: componentId === chain[0] ? null : componentId,
      });
    }
    for (const key of keysHere) decided.add(key);
  }
  return result;
}

/**
 * Components an organisation is involved in: those it operates or holds a duty for, and their
 * descendants (duties are inherited down the tree). `parameter` names the organisation id parameter.
 */
export function involvedIn(alias: string, parameter: string): string {
  return `${alias}.id IN (
    WITH RECURSIVE involved(id) AS (
      SELECT seed.id FROM (
        SELECT c0.id FROM component c0 WHERE c0.operating_organisation_id = :${parameter}
        UNION SELECT a0.component_id FROM assignment a0 WHERE a0.organisation_id = :${parameter}
      ) seed
      UNION SELECT child.id FROM component child JOIN involved ON child.parent_id = involved.id
    )
    SELECT id FROM involved)`;
}

/** The responsibility map (IR①): components of the city and who holds which duty for each. */
@Injectable()
export class ResponsibilityService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Components an actor may see: all for coordinators; otherwise those its organisation operates or holds a duty for. */
  async listComponents(actor: Actor, filter: ComponentFilter = {}): Promise<ComponentEntity[]> {
    const query = this.dataSource.getRepository(ComponentEntity).createQueryBuilder('c');
    if (!isCityWide(actor)) query.andWhere(involvedIn('c', 'own'), { own: actor.organisationId });
    if (filter.organisationId) query.andWhere(involvedIn('c', 'org'), { org: filter.organisationId });
    if (filter.categories?.length)
      query.andWhere('c.category IN (:...categories)', { categories: filter.categories });
    return query.orderBy('c.category').addOrderBy('c.name_en').getMany();
  }

  async getComponent(actor: Actor, id: string): Promise<ComponentEntity> {
    const [component] = await this.visibleComponents(actor, [id]);
    if (!component) throw notFound('Component', id);
    return component;
  }

  /** The given components that the actor may see (unknown or invisible ids are left out). */
  async visibleComponents(
    actor: Actor,
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ComponentEntity[]> {
    if (ids.length === 0) return [];
    const query = manager
      .getRepository(ComponentEntity)
      .createQueryBuilder('c')
      .where('c.id IN (:...ids)', { ids: [...ids] });
    if (!isCityWide(actor)) {
      query.andWhere(involvedIn('c', 'own'), { own: actor.organisationId });
    }
    return query.getMany();
  }

  /** Components by id without a scope check: for names inside records the reader may already see. */
  async componentsByIds(ids: readonly string[]): Promise<ComponentEntity[]> {
    if (ids.length === 0) return [];
    return this.dataSource.getRepository(ComponentEntity).findBy({ id: In([...ids]) });
  }

  /** Effective assignments for each component (own plus inherited), in one pass over the ancestry. */
  async effectiveFor(
    componentIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, EffectiveAssignment[]>> {
    const result = new Map<string, EffectiveAssignment[]>();
    if (componentIds.length === 0) return result;
    // One statement: each component's chain of ancestors with the assignments along it.
    const rows: {
      origin: string;
      component_id: string;
      depth: number;
      assignment_id: string | null;
      organisation_id: string;
      duty: Duty;
      boundary: ResponsibilityBoundary;
      note: string;
      contract_reference: string | null;
    }[] = await manager.query(
      `WITH RECURSIVE up(origin, id, parent_id, depth) AS (
         SELECT c.id, c.id, c.parent_id, 0 FROM component c WHERE c.id = ANY($1::uuid[])
         UNION ALL
         SELECT up.origin, p.id, p.parent_id, up.depth + 1 FROM component p JOIN up ON p.id = up.parent_id WHERE up.depth < 50
       )
       SELECT up.origin, up.id AS component_id, up.depth, a.id AS assignment_id, a.organisation_id, a.duty, a.boundary,
              a.note, a.contract_reference
         FROM up LEFT JOIN assignment a ON a.component_id = up.id
        ORDER BY up.origin, up.depth, a.created_at`,
      [[...new Set(componentIds)]],
    );
    const chains = new Map<string, string[]>();
    const byComponent = new Map<string, AssignmentEntity[]>();
    const seen = new Set<string>();
    for (const row of rows) {
      const chain = chains.get(row.origin) ?? [];
      if (chain.at(-1) !== row.component_id) chain.push(row.component_id);
      chains.set(row.origin, chain);
      if (!row.assignment_id || seen.has(row.assignment_id)) continue;
      seen.add(row.assignment_id);
      const list = byComponent.get(row.component_id) ?? [];
      list.push({
        id: row.assignment_id,
        componentId: row.component_id,
        organisationId: row.organisation_id,
        duty: row.duty,
        boundary: row.boundary,
        note: row.note,
        contractReference: row.contract_reference,
      } as AssignmentEntity);
      byComponent.set(row.component_id, list);
    }
    for (const [origin, chain] of chains) result.set(origin, effectiveAssignments(chain, byComponent));
    return result;
  }

  /** Organisations with duties for these components, and what they are. */
  /** Organisations with duties for these components (by organisation), and which of the ids exist at all. */
  async partiesFor(
    componentIds: readonly string[],
    manager?: EntityManager,
  ): Promise<{ byOrganisation: Map<string, EffectiveAssignment[]>; found: Set<string> }> {
    const effective = await this.effectiveFor(componentIds, manager);
    const byOrganisation = new Map<string, EffectiveAssignment[]>();
    for (const list of effective.values()) {
      for (const item of list) {
        const entries = byOrganisation.get(item.assignment.organisationId) ?? [];
        entries.push(item);
        byOrganisation.set(item.assignment.organisationId, entries);
      }
    }
    return { byOrganisation, found: new Set(effective.keys()) };
  }

  async gaps(actor: Actor, staleDays: number) {
    const components = await this.listComponents(actor);
    const effective = await this.effectiveFor(components.map((c) => c.id));
    const componentsWithoutResponsible = components.filter(
      (component) => !(effective.get(component.id) ?? []).some((e) => e.assignment.duty === Duty.RESPONSIBLE),
    );
    const responsibleOrgs = new Map<string, Set<string>>();
    for (const component of components) {
      for (const item of effective.get(component.id) ?? []) {
        if (item.assignment.duty !== Duty.RESPONSIBLE) continue;
        const set = responsibleOrgs.get(item.assignment.organisationId) ?? new Set<string>();
        set.add(component.id);
        responsibleOrgs.set(item.assignment.organisationId, set);
      }
    }
    const orgIds = [...responsibleOrgs.keys()];
    const withContact: { organisation_id: string }[] = orgIds.length
      ? await this.dataSource.query(
          `SELECT DISTINCT organisation_id FROM contact WHERE organisation_id = ANY($1::uuid[]) AND kind IN ('INCIDENT_WINDOW', 'EMERGENCY')`,
          [orgIds],
        )
      : [];
    const covered = new Set(withContact.map((row) => row.organisation_id));
    const missing = orgIds.filter((id) => !covered.has(id));
    const organisations = missing.length
      ? await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In(missing) })
      : [];
    const byId = new Map(components.map((c) => [c.id, c]));
    return {
      componentsWithoutResponsible,
      responsibleWithoutIncidentContact: organisations.map((organisation) => ({
        organisation,
        components: [...(responsibleOrgs.get(organisation.id) ?? [])].map(
          (id) => byId.get(id) as ComponentEntity,
        ),
      })),
      staleDays,
    };
  }

  async createComponent(input: CreateComponentInput): Promise<ComponentEntity> {
    return this.dataSource
      .transaction(async (manager) => {
        await this.checkReferences(manager, input.parentId, input.operatingOrganisationId);
        const component = await manager.save(
          manager.create(ComponentEntity, {
            nameJa: input.nameJa.trim(),
            nameEn: input.nameEn.trim(),
            category: input.category,
            kind: input.kind,
            parentId: input.parentId ?? null,
            operatingOrganisationId: input.operatingOrganisationId ?? null,
            description: input.description ?? '',
          }),
        );
        await this.audit.record(manager, {
          action: 'component.created',
          entityType: 'component',
          entityId: component.id,
          data: { ...input },
        });
        return component;
      })
      .catch((error) =>
        rethrowConstraint(error, { unique: ['input.nameJa', 'A component with this name exists'] }),
      );
  }

  async updateComponent(id: string, input: UpdateComponentInput): Promise<ComponentEntity> {
    if (input.clearParent && input.parentId)
      throw badInput('input.parentId', 'Give parentId or clearParent, not both');
    return this.dataSource
      .transaction(async (manager) => {
        // Two moves that are each legal can together make a cycle: serialise component updates on the
        // chain lock (the audit append takes it anyway), before the row lock so updates cannot deadlock.
        await this.audit.lockChain(manager);
        const component = await manager.findOne(ComponentEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!component) throw notFound('Component', id);
        await this.checkReferences(manager, input.parentId, input.operatingOrganisationId);
        if (input.parentId) {
          const [cycle] = await manager.query(
            `WITH RECURSIVE up(id, parent_id) AS (
               SELECT id, parent_id FROM component WHERE id = $1
               UNION ALL SELECT c.id, c.parent_id FROM component c JOIN up ON c.id = up.parent_id
             ) SELECT 1 AS found FROM up WHERE id = $2 LIMIT 1`,
            [input.parentId, id],
          );
          if (cycle)
            throw badInput('input.parentId', 'A component cannot be placed under itself or its descendants');
        }
        const changes: Record<string, unknown> = {};
        for (const key of [
          'nameJa',
          'nameEn',
          'category',
          'kind',
          'parentId',
          'operatingOrganisationId',
          'description',
        ] as const) {
          const value = input[key];
          if (value !== undefined && value !== component[key]) {
            changes[key] = { from: component[key], to: value };
            (component as unknown as Record<string, unknown>)[key] = value;
          }
        }
        if (input.clearParent && component.parentId) {
          changes.parentId = { from: component.parentId, to: null };
          component.parentId = null;
        }
        if (Object.keys(changes).length === 0) return component;
        const saved = await manager.save(component);
        await this.audit.record(manager, {
          action: 'component.updated',
          entityType: 'component',
          entityId: id,
          data: changes,
        });
        return saved;
      })
      .catch((error) =>
        rethrowConstraint(error, { unique: ['input.nameJa', 'A component with this name exists'] }),
      );
  }

  async deleteComponent(id: string): Promise<boolean> {
    return this.dataSource
      .transaction(async (manager) => {
        const component = await manager.findOneBy(ComponentEntity, { id });
        if (!component) throw notFound('Component', id);
        await manager.delete(ComponentEntity, { id });
        await this.audit.record(manager, {
          action: 'component.deleted',
          entityType: 'component',
          entityId: id,
          data: { nameJa: component.nameJa, nameEn: component.nameEn },
        });
        return true;
      })
      .catch((error) =>
        rethrowConstraint(error, {
          foreignKey: ['id', 'The component has child components or incidents; it cannot be deleted'],
        }),
      );
  }

  async assign(input: AssignResponsibilityInput): Promise<AssignmentEntity> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.findOneBy(ComponentEntity, { id: input.componentId }))) {
        throw badInput('input.componentId', `Component ${input.componentId} does not exist`);
      }
      if (!(await manager.findOneBy(OrganisationEntity, { id: input.organisationId }))) {
        throw badInput('input.organisationId', `Organisation ${input.organisationId} does not exist`);
      }
      const boundary = input.boundary ?? ResponsibilityBoundary.SYSTEM;
      const key = {
        componentId: input.componentId,
        organisationId: input.organisationId,
        duty: input.duty,
        boundary,
      };
      // Find-or-create must not race with the same assignment in another transaction (the unique
      // index would fail one of them): serialise on the audit chain lock, which the append takes anyway.
      await this.audit.lockChain(manager);
      let assignment = await manager.findOneBy(AssignmentEntity, key);
      const created = !assignment;
      assignment ??= manager.create(AssignmentEntity, key);
      if (input.note !== undefined) assignment.note = input.note;
      if (input.contractReference !== undefined) assignment.contractReference = input.contractReference;
      assignment = await manager.save(assignment);
      await this.audit.record(manager, {
        action: created ? 'assignment.created' : 'assignment.updated',
        entityType: 'assignment',
        entityId: assignment.id,
        organisationId: input.organisationId,
        data: { ...key, note: assignment.note, contractReference: assignment.contractReference },
      });
      return assignment;
    });
  }

  async unassign(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const assignment = await manager.findOneBy(AssignmentEntity, { id });
      if (!assignment) throw notFound('Assignment', id);
      await manager.delete(AssignmentEntity, { id });
      await this.audit.record(manager, {
        action: 'assignment.deleted',
        entityType: 'assignment',
        entityId: id,
        organisationId: assignment.organisationId,
        data: { componentId: assignment.componentId, duty: assignment.duty, boundary: assignment.boundary },
      });
      return true;
    });
  }

  private async checkReferences(
    manager: EntityManager,
    parentId?: string,
    organisationId?: string,
  ): Promise<void> {
    if (parentId && !(await manager.findOneBy(ComponentEntity, { id: parentId }))) {
      throw badInput('input.parentId', `Component ${parentId} does not exist`);
    }
    if (organisationId && !(await manager.findOneBy(OrganisationEntity, { id: organisationId }))) {
      throw badInput('input.operatingOrganisationId', `Organisation ${organisationId} does not exist`);
    }
  }
}
