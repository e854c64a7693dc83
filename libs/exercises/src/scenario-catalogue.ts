import checkSheetData from '@renkei/guideline/data/checksheet-v3.json';
import scenarioData from '@renkei/guideline/data/scenarios.json';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import type { ExpectedAction, ScenarioContent, ScenarioObjective } from './scenario-content';

interface CatalogueScenario {
  id: string;
  kind: string;
  titleJa: string;
  titleEn: string;
  sourceTextJa?: string;
  summaryEn?: string;
  actors: { roleKey: string | null }[];
  suggestedInjects: { seq: number; minuteOffset: number; textEn: string; textJa?: string }[];
  expectedActions: {
    type: string;
    textJa: string;
    textEn: string;
    checksheetKeys: string[];
    actorKeys?: string[];
  }[];
  exercisedChecksheetKeys?: string[];
}

const ROLES = new Set<string>(Object.values(GuidelineRole));
const checkSheet = new Map(
  (checkSheetData.items as { key: string; titleJa: string; titleEn: string }[]).map((item) => [
    item.key,
    item,
  ]),
);

/** How much an expected action weighs: the guideline's standard measures count double. */
const WEIGHT: Record<string, number> = { STANDARD: 2, PREVENTIVE: 2, DETECTIVE: 2 };

/** An hour of exercise time to show an expected action after its inject. */
const DEFAULT_WITHIN_SECONDS = 3600;

/**
 * A catalogue scenario (scenarios.json: §3.3 problem cases, Appendix E threat scenarios, §2.3 risk
 * examples) as the first version of an example exercise scenario. The injects are the curator's
 * suggestions (marked `derived` in the catalogue, not the guideline's); they reach the organisations
 * holding the scenario's actor roles. The expected actions are the guideline's measures, shown after
 * the first inject, each evidencing the objective of its first check-sheet key.
 */
export function catalogueScenarioContent(scenario: CatalogueScenario): ScenarioContent {
  const roles = [
    ...new Set(
      scenario.actors
        .map((actor) => actor.roleKey)
        .filter(
          (role): role is GuidelineRole => !!role && ROLES.has(role) && role !== GuidelineRole.SERVICE_USER,
        ),
    ),
  ];
  const keys = [
    ...new Set([
      ...(scenario.exercisedChecksheetKeys ?? []),
      ...scenario.expectedActions.flatMap((action) => action.checksheetKeys),
    ]),
  ].filter((key) => checkSheet.has(key));
  const objectives: ScenarioObjective[] = keys.map((key) => {
    const item = checkSheet.get(key) as { titleJa: string; titleEn: string };
    return { key, textJa: item.titleJa, textEn: item.titleEn, checkSheetKeys: [key] };
  });
  const expectedActions: ExpectedAction[] = scenario.expectedActions.map((action, index) => ({
    key: `A${index + 1}`,
    descriptionJa: action.textJa,
    descriptionEn: action.textEn,
    byRoles: (action.actorKeys ?? []).filter((role): role is GuidelineRole => ROLES.has(role)),
    byOrganisationIds: [],
    withinSeconds: DEFAULT_WITHIN_SECONDS,
    weight: WEIGHT[action.type] ?? 1,
    objectiveKey: action.checksheetKeys.find((key) => checkSheet.has(key)) ?? null,
  }));
  const injects = [...scenario.suggestedInjects]
    .sort((a, b) => a.seq - b.seq)
    .map((inject, index) => ({
      key: `I${inject.seq}`,
      offsetSeconds: inject.minuteOffset * 60,
      titleJa: `状況付与 ${inject.seq}`,
      titleEn: `Inject ${inject.seq}`,
      // The catalogue's injects are written in English only.
      textJa: inject.textJa ?? inject.textEn,
      textEn: inject.textEn,
      audience: { roles, duties: [], organisationIds: [], contactIds: [] },
      acknowledgementRequired: true,
      expectedActions: index === 0 ? expectedActions : [],
    }));
  return {
    titleJa: scenario.titleJa,
    titleEn: scenario.titleEn,
    narrativeJa: scenario.sourceTextJa ?? scenario.summaryEn ?? '',
    narrativeEn: scenario.summaryEn ?? '',
    objectives,
    injects,
  };
}

/** Every catalogue scenario that has injects, as (key, content). */
export function catalogueScenarios(): { key: string; content: ScenarioContent }[] {
  return (scenarioData.items as unknown as CatalogueScenario[])
    .filter((scenario) => scenario.suggestedInjects.length > 0)
    .map((scenario) => ({ key: scenario.id, content: catalogueScenarioContent(scenario) }));
}
