import type { GuidelineRole } from '@renkei/directory/directory.enums';
import type { Duty } from '@renkei/responsibility/responsibility.enums';

/**
 * Who an inject goes to. The union of: organisations holding a guideline role, holders of a duty on
 * named components (through the responsibility map), named organisations and named contacts — and,
 * whatever it names, only the exercise's playing organisations.
 */
export interface InjectAudience {
  roles: GuidelineRole[];
  duties: { duty: Duty; componentIds: string[] }[];
  organisationIds: string[];
  contactIds: string[];
}

/** What evaluators look for after an inject: what, by whom, within how long, and how much it weighs. */
export interface ExpectedAction {
  key: string;
  descriptionJa: string;
  descriptionEn: string;
  /** Who should act: organisations holding these roles, or these organisations (empty both: anyone). */
  byRoles: GuidelineRole[];
  byOrganisationIds: string[];
  /** Exercise seconds after the inject. */
  withinSeconds: number;
  weight: number;
  /** The objective it evidences. */
  objectiveKey: string | null;
}

export interface ScenarioObjective {
  key: string;
  textJa: string;
  textEn: string;
  /** Guideline check-sheet keys (IR-2, IR-4 …) the objective exercises. */
  checkSheetKeys: string[];
}

export interface ScenarioInject {
  key: string;
  /** Exercise seconds from the start. */
  offsetSeconds: number;
  titleJa: string;
  titleEn: string;
  textJa: string;
  textEn: string;
  audience: InjectAudience;
  acknowledgementRequired: boolean;
  expectedActions: ExpectedAction[];
}

/** One version of a scenario: immutable once written (an edit writes the next version). */
export interface ScenarioContent {
  titleJa: string;
  titleEn: string;
  narrativeJa: string;
  narrativeEn: string;
  objectives: ScenarioObjective[];
  injects: ScenarioInject[];
}

export const emptyAudience = (): InjectAudience => ({
  roles: [],
  duties: [],
  organisationIds: [],
  contactIds: [],
});
