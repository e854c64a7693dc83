import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { rethrowConstraint } from '@renkei/core/database/database-errors';
import { badInput, notFound } from '@renkei/core/errors/domain.errors';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { GuidelineService } from '@renkei/guideline/guideline.service';
import { DurationInput, ReportingRuleInput } from './dto/reporting-rule.input';
import { ReportingRuleEntity, ReportingStage, TriggerCondition } from './entities/reporting-rule.entity';
import { syncObligations } from './obligations.engine';
import { DeadlineAnchor, TriggerConditionKind } from './obligations.enums';

export function seconds(duration: DurationInput): number {
  return (duration.days ?? 0) * 86400 + (duration.hours ?? 0) * 3600 + (duration.seconds ?? 0);
}

/** Reporting rules: statutory duties as data, managed by the promotion body. */
@Injectable()
export class ReportingRulesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly guideline: GuidelineService,
  ) {}

  async list(): Promise<ReportingRuleEntity[]> {
    return this.dataSource.getRepository(ReportingRuleEntity).find({ order: { key: 'ASC' } });
  }

  async create(input: ReportingRuleInput): Promise<ReportingRuleEntity> {
    const values = this.validate(input);
    return this.dataSource
      .transaction(async (manager) => {
        await this.requireAuthority(manager, input.authorityOrganisationId);
        const rule = await manager.save(manager.create(ReportingRuleEntity, values));
        await this.audit.record(manager, {
          action: 'reporting_rule.created',
          entityType: 'reporting_rule',
          entityId: rule.id,
          data: { key: rule.key, stages: rule.stages.map((s) => s.key) },
        });
        return rule;
      })
      .catch((error) => rethrowConstraint(error, { unique: ['input.key', 'A rule with this key exists'] }));
  }

  /** Replaces a rule; open obligations follow its new stages at once (due times, reminders). */
  async update(id: string, input: ReportingRuleInput): Promise<ReportingRuleEntity> {
    const values = this.validate(input);
    return this.dataSource
      .transaction(async (manager) => {
        const rule = await manager.findOne(ReportingRuleEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!rule) throw notFound('ReportingRule', id);
        await this.requireAuthority(manager, input.authorityOrganisationId);
        const removed = rule.stages
          .map((s) => s.key)
          .filter((key) => !values.stages.some((s) => s.key === key));
        if (removed.length) {
          const [used] = (await manager.query(
            `SELECT 1 FROM obligation WHERE rule_id = $1 AND stage_key = ANY($2::text[]) LIMIT 1`,
            [id, removed],
          )) as unknown[];
          if (used)
            throw badInput('input.stages', `Stage ${removed.join(', ')} has obligations; keep its key`);
        }
        await manager.update(ReportingRuleEntity, { id }, { ...values, version: rule.version + 1 } as never);
        // The incidents with this rule's obligations still open re-time them now (their due times and
        // reminder jobs), in this transaction: a deadline never waits for the incident's next change.
        const open = (await manager.query(
          `SELECT DISTINCT incident_id FROM obligation WHERE rule_id = $1 AND status IN ('PENDING', 'OVERDUE')`,
          [id],
        )) as { incident_id: string }[];
        for (const row of open) await syncObligations(manager, row.incident_id);
        await this.audit.record(manager, {
          action: 'reporting_rule.updated',
          entityType: 'reporting_rule',
          entityId: id,
          data: { key: values.key, version: rule.version + 1 },
        });
        return manager.findOneByOrFail(ReportingRuleEntity, { id });
      })
      .catch((error) => rethrowConstraint(error, { unique: ['input.key', 'A rule with this key exists'] }));
  }

  private async requireAuthority(manager: EntityManager, organisationId: string): Promise<void> {
    const [row] = (await manager.query(`SELECT guideline_roles FROM organisation WHERE id = $1`, [
      organisationId,
    ])) as { guideline_roles: string[] }[];
    if (!row)
      throw badInput('input.authorityOrganisationId', `Organisation ${organisationId} does not exist`);
    if (!row.guideline_roles.includes(GuidelineRole.EXTERNAL_AUTHORITY)) {
      throw badInput(
        'input.authorityOrganisationId',
        'The authority must be an EXTERNAL_AUTHORITY organisation',
      );
    }
  }

  /** Everything that class-validator cannot say alone, before anything is written. */
  private validate(
    input: ReportingRuleInput,
  ): Omit<ReportingRuleEntity, 'id' | 'createdAt' | 'updatedAt' | 'version'> {
    const trigger: TriggerCondition[] = input.trigger.map((condition, index) => {
      const field = `input.trigger.${index}`;
      if (condition.kind === TriggerConditionKind.SEVERITY_AT_LEAST) {
        if (!condition.severity) throw badInput(`${field}.severity`, 'SEVERITY_AT_LEAST needs a severity');
        return { kind: condition.kind, severity: condition.severity };
      }
      if (condition.kind === TriggerConditionKind.INCIDENT_TYPE) {
        const ids = [...new Set(condition.incidentTypeIds ?? [])];
        if (!ids.length) throw badInput(`${field}.incidentTypeIds`, 'INCIDENT_TYPE needs incident types');
        const unknown = ids.find((id) => !this.guideline.isIncidentType(id));
        if (unknown) throw badInput(`${field}.incidentTypeIds`, `Unknown incident type ${unknown}`);
        return { kind: condition.kind, incidentTypeIds: ids };
      }
      return { kind: condition.kind };
    });
    const keys = new Set<string>();
    const stages: ReportingStage[] = input.stages.map((stage, index) => {
      const field = `input.stages.${index}`;
      if (keys.has(stage.key)) throw badInput(`${field}.key`, `Stage key ${stage.key} is used twice`);
      keys.add(stage.key);
      if (index === 0 && stage.anchor === DeadlineAnchor.PREVIOUS_STAGE) {
        throw badInput(`${field}.anchor`, 'The first stage has no previous stage');
      }
      const duration = seconds(stage.duration);
      if (duration <= 0) throw badInput(`${field}.duration`, 'A deadline needs a positive duration');
      const alternative = stage.alternative
        ? { condition: stage.alternative.condition, durationSeconds: seconds(stage.alternative.duration) }
        : null;
      if (alternative && alternative.durationSeconds <= 0) {
        throw badInput(`${field}.alternative.duration`, 'A deadline needs a positive duration');
      }
      const offsets = [...new Set((stage.remindBefore ?? []).map(seconds))];
      const longest = Math.max(duration, alternative?.durationSeconds ?? 0);
      const bad = offsets.findIndex((offset) => offset <= 0 || offset >= longest);
      if (bad >= 0) {
        throw badInput(
          `${field}.remindBefore.${bad}`,
          'A reminder must come after the anchor and before the deadline',
        );
      }
      return {
        key: stage.key,
        nameJa: stage.nameJa.trim(),
        nameEn: stage.nameEn.trim(),
        anchor: stage.anchor,
        durationSeconds: duration,
        alternative,
        reminderOffsetsSeconds: offsets.sort((a, b) => b - a),
      };
    });
    return {
      key: input.key,
      nameJa: input.nameJa.trim(),
      nameEn: input.nameEn.trim(),
      legalBasisJa: input.legalBasisJa ?? '',
      legalBasisEn: input.legalBasisEn ?? '',
      authorityOrganisationId: input.authorityOrganisationId,
      trigger,
      stages,
      enabled: input.enabled ?? true,
    };
  }
}
