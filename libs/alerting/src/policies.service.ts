import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { isUuid } from '@renkei/core/database/database-errors';
import { badInput, notFound } from '@renkei/core/errors/domain.errors';
import { Severity } from '@renkei/incidents/incidents.enums';
import { TargetKind } from './alerting.enums';
import { EscalationPolicyInput } from './dto/policy.type';
import { EscalationPolicyEntity, PolicyStep } from './entities/escalation-policy.entity';

/** Escalation policies: the city's, and organisations' own overrides. Validated as a whole. */
@Injectable()
export class PoliciesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The city's policies and, outside the promotion body, one's own organisation's overrides. */
  async list(actor: Actor): Promise<EscalationPolicyEntity[]> {
    const repository = this.dataSource.getRepository(EscalationPolicyEntity);
    return repository.find({
      where: isCityWide(actor)
        ? {}
        : [{ organisationId: IsNull() }, { organisationId: actor.organisationId }],
      order: { organisationId: { direction: 'ASC', nulls: 'FIRST' }, isDefault: 'DESC', createdAt: 'ASC' },
    });
  }

  private async validate(manager: EntityManager, input: EscalationPolicyInput): Promise<PolicyStep[]> {
    if (
      input.organisationId &&
      !(await manager.query(`SELECT 1 FROM organisation WHERE id = $1`, [input.organisationId])).length
    ) {
      throw badInput('input.organisationId', `Organisation ${input.organisationId} does not exist`);
    }
    if (input.organisationId && input.isDefault) {
      throw badInput('input.isDefault', 'Only a city policy can be the default');
    }
    const steps: PolicyStep[] = [];
    for (const [s, step] of input.steps.entries()) {
      const targets = [];
      for (const [t, target] of step.targets.entries()) {
        const field = `input.steps.${s}.targets.${t}`;
        const need = (ok: unknown, what: string) => {
          if (!ok) throw badInput(field, `A ${target.kind} target needs ${what}`);
        };
        if (target.kind === TargetKind.DUTY) need(target.duties?.length, 'duties');
        if (target.kind === TargetKind.ROLE) need(target.role, 'a role');
        if (target.kind === TargetKind.ORGANISATION) need(target.organisationId, 'an organisationId');
        if (target.kind === TargetKind.CONTACT) need(target.contactId, 'a contactId');
        if (target.kind === TargetKind.ORGANISATION) {
          const found = await manager.query(`SELECT 1 FROM organisation WHERE id = $1`, [
            target.organisationId,
          ]);
          if (!found.length)
            throw badInput(`${field}.organisationId`, `Organisation ${target.organisationId} does not exist`);
        }
        if (target.kind === TargetKind.CONTACT) {
          const [contact] = (await manager.query(`SELECT organisation_id FROM contact WHERE id = $1`, [
            target.contactId,
          ])) as { organisation_id: string }[];
          if (!contact) throw badInput(`${field}.contactId`, `Contact ${target.contactId} does not exist`);
          if (input.organisationId && contact.organisation_id !== input.organisationId) {
            throw badInput(
              `${field}.contactId`,
              'An organisation’s own policy can name only its own contacts',
            );
          }
        }
        if (
          input.organisationId &&
          (target.kind === TargetKind.ROLE || target.kind === TargetKind.ORGANISATION)
        ) {
          throw badInput(
            `${field}.kind`,
            'An organisation’s own policy reaches its own people only: use DUTY (for its duties) or CONTACT targets',
          );
        }
        targets.push({
          kind: target.kind,
          ...(target.duties ? { duties: [...new Set(target.duties)] } : {}),
          ...(target.role ? { role: target.role } : {}),
          ...(target.organisationId ? { organisationId: target.organisationId } : {}),
          ...(target.contactId ? { contactId: target.contactId } : {}),
          ...(target.contactKinds?.length ? { contactKinds: [...new Set(target.contactKinds)] } : {}),
          acknowledgementRequired: target.acknowledgementRequired ?? true,
        });
      }
      steps.push({ escalateAfterSeconds: step.escalateAfterSeconds, targets });
    }
    if ((input.maxReminders ?? 0) > 0 && !input.reminderIntervalSeconds) {
      throw badInput('input.reminderIntervalSeconds', 'Reminders need an interval');
    }
    return steps;
  }

  private values(input: EscalationPolicyInput, steps: PolicyStep[]): Partial<EscalationPolicyEntity> {
    return {
      name: input.name.trim(),
      description: input.description ?? '',
      organisationId: input.organisationId ?? null,
      isDefault: input.isDefault ?? false,
      severities: [...new Set(input.severities ?? [])],
      categories: [...new Set(input.categories ?? [])],
      steps,
      repeatCount: input.repeatCount ?? 0,
      reminderIntervalSeconds: input.reminderIntervalSeconds ?? null,
      maxReminders: input.reminderIntervalSeconds ? (input.maxReminders ?? 1) : 0,
      reescalateAfterSeconds: input.reescalateAfterSeconds ?? null,
      reescalateSeverities: input.reescalateSeverities ?? [Severity.SEV1],
    };
  }

  async create(input: EscalationPolicyInput): Promise<EscalationPolicyEntity> {
    return this.dataSource.transaction(async (manager) => {
      const steps = await this.validate(manager, input);
      if (input.isDefault)
        await manager.update(EscalationPolicyEntity, { isDefault: true }, { isDefault: false });
      const saved = await manager.save(manager.create(EscalationPolicyEntity, this.values(input, steps)));
      await this.audit.record(manager, {
        action: 'escalation_policy.created',
        entityType: 'escalation_policy',
        entityId: saved.id,
        data: { name: saved.name, organisationId: saved.organisationId, steps: steps.length },
      });
      return saved;
    });
  }

  async update(id: string, input: EscalationPolicyInput): Promise<EscalationPolicyEntity> {
    if (!isUuid(id)) throw notFound('EscalationPolicy', id);
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(EscalationPolicyEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!existing) throw notFound('EscalationPolicy', id);
      const steps = await this.validate(manager, input);
      if ((input.organisationId ?? null) !== existing.organisationId) {
        throw badInput(
          'input.organisationId',
          'A policy cannot move between the city and an organisation; create a new one',
        );
      }
      if (existing.isDefault && input.isDefault === false) {
        throw badInput('input.isDefault', 'Make another policy the default instead (there must be one)');
      }
      if (input.isDefault && !existing.isDefault) {
        await manager.update(EscalationPolicyEntity, { isDefault: true }, { isDefault: false });
      }
      await manager.update(EscalationPolicyEntity, { id }, {
        ...this.values(input, steps),
        isDefault: input.isDefault ?? existing.isDefault,
        version: existing.version + 1,
      } as never);
      await this.audit.record(manager, {
        action: 'escalation_policy.updated',
        entityType: 'escalation_policy',
        entityId: id,
        data: { name: input.name, version: existing.version + 1 },
      });
      return (await manager.findOneBy(EscalationPolicyEntity, { id })) as EscalationPolicyEntity;
    });
  }

  /** Running escalations keep the copy they started with. */
  async delete(id: string): Promise<boolean> {
    if (!isUuid(id)) throw notFound('EscalationPolicy', id);
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(EscalationPolicyEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!existing) throw notFound('EscalationPolicy', id);
      if (existing.isDefault)
        throw badInput('id', 'The city default cannot be deleted; make another policy the default first');
      await manager.delete(EscalationPolicyEntity, { id });
      await this.audit.record(manager, {
        action: 'escalation_policy.deleted',
        entityType: 'escalation_policy',
        entityId: id,
        data: { name: existing.name },
      });
      return true;
    });
  }
}
