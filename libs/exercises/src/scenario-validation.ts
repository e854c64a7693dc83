import checkSheetData from '@renkei/guideline/data/checksheet-v3.json';
import { badInput } from '@renkei/core/errors/domain.errors';
import type { ScenarioContent } from './scenario-content';

const CHECK_SHEET_KEYS = new Set((checkSheetData.items as { key: string }[]).map((item) => item.key));

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
  const objectives = new Set(content.objectives.map((objective) => objective.key));
  content.injects.forEach((inject, i) => {
    unique(
      inject.expectedActions.map((action) => action.key),
      (a) => `${prefix}.injects.${i}.expectedActions.${a}.key`,
      'expected action',
    );
    inject.expectedActions.forEach((action, a) => {
      if (action.objectiveKey && !objectives.has(action.objectiveKey)) {
        throw badInput(
          `${prefix}.injects.${i}.expectedActions.${a}.objectiveKey`,
          `No objective has the key ${action.objectiveKey}`,
        );
      }
    });
  });
}

/** Organisation, contact and component ids a scenario names (to check they exist). */
export function referencedIds(content: ScenarioContent): {
  organisationIds: string[];
  contactIds: string[];
  componentIds: string[];
} {
  const organisationIds = new Set<string>();
  const contactIds = new Set<string>();
  const componentIds = new Set<string>();
  for (const inject of content.injects) {
    inject.audience.organisationIds.forEach((id) => organisationIds.add(id));
    inject.audience.contactIds.forEach((id) => contactIds.add(id));
    inject.audience.duties.forEach((duty) => duty.componentIds.forEach((id) => componentIds.add(id)));
    inject.expectedActions.forEach((action) =>
      action.byOrganisationIds.forEach((id) => organisationIds.add(id)),
    );
  }
  return {
    organisationIds: [...organisationIds],
    contactIds: [...contactIds],
    componentIds: [...componentIds],
  };
}
