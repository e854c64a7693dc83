import type { EntityManager } from 'typeorm';
import type { AfterActionReport } from './after-action';
import type { ImprovementPlanRow } from './after-action-render';
import type { ExerciseImprovementItemEntity } from './entities/exercise-records.entity';
import { ImprovementLinkKind } from './exercises.enums';

/** The plan's items as the report prints them, with owner and link names read in one statement. */
export async function improvementRows(
  manager: EntityManager,
  report: AfterActionReport,
  items: ExerciseImprovementItemEntity[],
): Promise<ImprovementPlanRow[]> {
  const ids = [
    ...new Set(items.flatMap((item) => [item.ownerOrganisationId, item.linkId]).filter(Boolean)),
  ] as string[];
  const rows = ids.length
    ? ((await manager.query(
        `SELECT id, name_en AS name FROM organisation WHERE id = ANY($1::uuid[])
         UNION ALL SELECT id, name FROM contact WHERE id = ANY($1::uuid[])
         UNION ALL SELECT id, name_en FROM component WHERE id = ANY($1::uuid[])`,
        [ids],
      )) as { id: string; name: string }[])
    : [];
  const names = new Map(rows.map((row) => [row.id, row.name]));
  for (const participant of report.overview.participants)
    names.set(participant.organisationId, participant.name.en);
  return items.map((item) => ({
    title: item.title,
    ownerName: item.ownerOrganisationId
      ? (names.get(item.ownerOrganisationId) ?? item.ownerOrganisationId)
      : null,
    dueDate: item.dueDate,
    status: item.status,
    linkKind: item.linkKind,
    linkLabel:
      item.linkKind === ImprovementLinkKind.NONE || !item.linkId
        ? null
        : (names.get(item.linkId) ?? item.linkId),
  }));
}
