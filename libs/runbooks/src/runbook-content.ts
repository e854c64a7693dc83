import { EntityManager, In } from 'typeorm';
import { badInput } from '@renkei/core/errors/domain.errors';
import { RunbookContentInput } from './dto/runbook.input';
import { RunbookStepEntity, RunbookVersionEntity } from './entities/runbook.entity';
import { StepContent, validateSteps } from './runbook-plan';

/** A version's content as stored: the version's own columns and its steps. */
export interface RunbookContent {
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  componentCategories: string[];
  incidentCategories: string[];
  incidentTypeIds: string[];
  severities: string[];
  changeNote: string;
  steps: StepContent[];
}

export function contentFromInput(input: RunbookContentInput): RunbookContent {
  return {
    titleJa: input.titleJa.trim(),
    titleEn: input.titleEn.trim(),
    summaryJa: input.summaryJa ?? '',
    summaryEn: input.summaryEn ?? '',
    componentCategories: [...new Set(input.componentCategories ?? [])],
    incidentCategories: [...new Set(input.incidentCategories ?? [])],
    incidentTypeIds: [...new Set(input.incidentTypeIds ?? [])],
    severities: [...new Set(input.severities ?? [])],
    changeNote: input.changeNote ?? '',
    steps: input.steps.map((step) => ({
      key: step.key,
      titleJa: step.titleJa.trim(),
      titleEn: step.titleEn.trim(),
      instructionsJa: step.instructionsJa ?? '',
      instructionsEn: step.instructionsEn ?? '',
      assigneeKind: step.assigneeKind,
      assigneeDuty: step.assigneeDuty ?? null,
      assigneeRole: step.assigneeRole ?? null,
      assigneeOrganisationId: step.assigneeOrganisationId ?? null,
      expectedMinutes: step.expectedMinutes,
      decision: step.decision
        ? {
            questionJa: step.decision.questionJa,
            questionEn: step.decision.questionEn,
            options: step.decision.options.map((option) => ({
              labelJa: option.labelJa,
              labelEn: option.labelEn,
              nextStepKey: option.nextStepKey ?? null,
            })),
          }
        : null,
      nextStepKey: step.nextStepKey ?? null,
      checkSheetKeys: [...new Set(step.checkSheetKeys ?? [])],
      cpsfMeasureIds: [...new Set(step.cpsfMeasureIds ?? [])],
      templateJa: step.templateJa ?? null,
      templateEn: step.templateEn ?? null,
    })),
  };
}

/** The stored content of a version (to copy it into a new draft). */
export function contentOf(version: RunbookVersionEntity, steps: RunbookStepEntity[]): RunbookContent {
  return {
    titleJa: version.titleJa,
    titleEn: version.titleEn,
    summaryJa: version.summaryJa,
    summaryEn: version.summaryEn,
    componentCategories: version.componentCategories,
    incidentCategories: version.incidentCategories,
    incidentTypeIds: version.incidentTypeIds,
    severities: version.severities,
    changeNote: '',
    steps: [...steps]
      .sort((a, b) => a.position - b.position)
      .map(({ id: _id, versionId: _v, position: _p, version: _version, ...step }) => step),
  };
}

/**
 * Checks content against the catalogue and the directory, naming the bad field under `field`
 * (`input` or `input.content`). Nothing is written before this passes.
 */
export async function validateContent(
  manager: EntityManager,
  content: RunbookContent,
  field: string,
  isIncidentType: (id: string) => boolean,
): Promise<void> {
  const badType = content.incidentTypeIds.find((id) => !isIncidentType(id));
  if (badType) {
    throw badInput(
      `${field}.incidentTypeIds`,
      `Unknown incident type ${badType} (Appendix B has INC-01 … INC-25)`,
    );
  }
  validateSteps(content.steps, `${field}.steps`);
  const named = [
    ...new Set(content.steps.map((s) => s.assigneeOrganisationId).filter((id): id is string => !!id)),
  ];
  if (named.length === 0) return;
  const found = new Set(
    (
      (await manager.query(`SELECT id FROM organisation WHERE id = ANY($1::uuid[])`, [named])) as {
        id: string;
      }[]
    ).map((row) => row.id),
  );
  const index = content.steps.findIndex(
    (s) => s.assigneeOrganisationId && !found.has(s.assigneeOrganisationId),
  );
  if (index >= 0) {
    throw badInput(
      `${field}.steps.${index}.assigneeOrganisationId`,
      `Organisation ${content.steps[index].assigneeOrganisationId} does not exist`,
    );
  }
}

/** Writes a draft version's content, replacing its steps. Never called on a published version. */
export async function writeDraftContent(
  manager: EntityManager,
  versionId: string,
  content: RunbookContent,
): Promise<void> {
  const { steps, ...columns } = content;
  await manager.update(RunbookVersionEntity, { id: versionId }, columns);
  await manager.delete(RunbookStepEntity, { versionId });
  await manager.insert(
    RunbookStepEntity,
    steps.map((step, position) => ({ ...step, versionId, position })),
  );
}

/** Steps of some versions, in order. */
export async function stepsOf(
  manager: EntityManager,
  versionIds: readonly string[],
): Promise<RunbookStepEntity[]> {
  if (versionIds.length === 0) return [];
  return manager.find(RunbookStepEntity, {
    where: { versionId: In([...versionIds]) },
    order: { versionId: 'ASC', position: 'ASC' },
  });
}
