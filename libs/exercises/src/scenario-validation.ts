import type { EntityManager } from 'typeorm';
import checkSheetData from '@renkei/guideline/data/checksheet-v3.json';
import { badInput } from '@renkei/core/errors/domain.errors';
import type { ScenarioContent, ScenarioInject } from './scenario-content';

const CHECK_SHEET_KEYS = new Set((checkSheetData.items as { key: string }[]).map((item) => item.key));

/** The parts of an inject the checks below read. */
type InjectToCheck = Pick<ScenarioInject, 'audience' | 'expectedActions'>;

function unique(keys: string[], field: (index: number) => string, what: string): void {
  const seen = new Set<string>();
  keys.forEach((key, index) => {
    if (seen.has(key)) throw badInput(field(index), `Duplicate ${what} key ${key}`);
    seen.add(key);
  });
}

/**
 * What the input types cannot check: keys unique where they must be, expected actions naming
 * objectives that exist, check-sheet keys the guideline has. Throws BAD_USER_INPUT naming the field.
 */
export function validateScenarioContent(content: ScenarioContent, prefix = 'content'): void {
  unique(
    content.objectives.map((objective) => objective.key),
    (i) => `${prefix}.objectives.${i}.key`,
    'objective',
  );
  content.objectives.forEach((objective, i) =>
    objective.checkSheetKeys.forEach((key, k) => {
      if (!CHECK_SHEET_KEYS.has(key)) {
        throw badInput(
          `${prefix}.objectives.${i}.checkSheetKeys.${k}`,
          `${key} is not a check-sheet key of the guideline (GOV-1-1 … DL-6)`,
        );
      }
    }),
  );
  unique(
    content.injects.map((inject) => inject.key),
    (i) => `${prefix}.injects.${i}.key`,
    'inject',
  );
  const objectives = content.objectives.map((objective) => objective.key);
  content.injects.forEach((inject, i) => validateInject(inject, objectives, `${prefix}.injects.${i}`));
}

/**
 * One inject (of a scenario, an adjusted or an ad-hoc one, whose input is at `prefix`): its expected
 * actions have unique keys and name objectives of the scenario or exercise.
 */
export function validateInject(inject: InjectToCheck, objectiveKeys: string[], prefix: string): void {
  unique(
    inject.expectedActions.map((action) => action.key),
    (a) => `${prefix}.expectedActions.${a}.key`,
    'expected action',
  );
  const objectives = new Set(objectiveKeys);
  inject.expectedActions.forEach((action, a) => {
    if (action.objectiveKey && !objectives.has(action.objectiveKey)) {
      throw badInput(
        `${prefix}.expectedActions.${a}.objectiveKey`,
        `No objective has the key ${action.objectiveKey}`,
      );
    }
  });
}

/** Organisation, contact and component ids the injects name, each with the input path naming it. */
function referencedIds(injects: { inject: InjectToCheck; prefix: string }[]): {
  organisations: [string, string][];
  contacts: [string, string][];
  components: [string, string][];
} {
  const organisations: [string, string][] = [];
  const contacts: [string, string][] = [];
  const components: [string, string][] = [];
  for (const { inject, prefix } of injects) {
    inject.audience.organisationIds.forEach((id, k) =>
      organisations.push([id, `${prefix}.audience.organisationIds.${k}`]),
    );
    inject.audience.contactIds.forEach((id, k) => contacts.push([id, `${prefix}.audience.contactIds.${k}`]));
    inject.audience.duties.forEach((duty, d) =>
      duty.componentIds.forEach((id, c) =>
        components.push([id, `${prefix}.audience.duties.${d}.componentIds.${c}`]),
      ),
    );
    inject.expectedActions.forEach((action, a) =>
      action.byOrganisationIds.forEach((id, k) =>
        organisations.push([id, `${prefix}.expectedActions.${a}.byOrganisationIds.${k}`]),
      ),
    );
  }
  return { organisations, contacts, components };
}

/** The organisations, contacts and components the injects name exist (BAD_USER_INPUT naming the first that does not). */
export async function checkInjectReferences(
  manager: EntityManager,
  injects: { inject: InjectToCheck; prefix: string }[],
): Promise<void> {
  const ids = referencedIds(injects);
  const [row] = (await manager.query(
    `SELECT ARRAY(SELECT x FROM unnest($1::uuid[]) x WHERE x NOT IN (SELECT id FROM organisation)) AS organisations,
            ARRAY(SELECT x FROM unnest($2::uuid[]) x WHERE x NOT IN (SELECT id FROM contact)) AS contacts,
            ARRAY(SELECT x FROM unnest($3::uuid[]) x WHERE x NOT IN (SELECT id FROM component)) AS components`,
    [ids.organisations.map(([id]) => id), ids.contacts.map(([id]) => id), ids.components.map(([id]) => id)],
  )) as { organisations: string[]; contacts: string[]; components: string[] }[];
  for (const [kind, unknown, named] of [
    ['organisation', row.organisations, ids.organisations],
    ['contact', row.contacts, ids.contacts],
    ['component', row.components, ids.components],
  ] as const) {
    const missing = new Set(unknown.map((id) => id.toLowerCase()));
    const first = named.find(([id]) => missing.has(id.toLowerCase()));
    if (first) throw badInput(first[1], `Unknown ${kind} ${first[0]}`);
  }
}
