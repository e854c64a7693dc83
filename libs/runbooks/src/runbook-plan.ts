import { badInput } from '@renkei/core/errors/domain.errors';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { StepDecision } from './entities/runbook.entity';
import { isCheckSheetKey, isCpsfMeasureId } from './guideline-references';
import { unknownPlaceholders } from './runbook-template';
import { StepAssigneeKind } from './runbooks.enums';

/** A step's content as written by its author (what a version stores). */
export interface StepContent {
  key: string;
  titleJa: string;
  titleEn: string;
  instructionsJa: string;
  instructionsEn: string;
  assigneeKind: StepAssigneeKind;
  assigneeDuty: Duty | null;
  assigneeRole: GuidelineRole | null;
  assigneeOrganisationId: string | null;
  expectedMinutes: number;
  decision: StepDecision | null;
  /** Without a decision: the later step the runbook continues at (null: the next one in order). */
  nextStepKey: string | null;
  checkSheetKeys: string[];
  cpsfMeasureIds: string[];
  templateJa: string | null;
  templateEn: string | null;
}

export const MAX_STEPS = 50;
const STEP_KEY = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * Checks a version's steps as a whole and throws BAD_USER_INPUT naming the first bad field:
 * unique keys, assignees that say who, catalogue references that exist, known placeholders, and a
 * flow where every decision leads forward (so there are no loops) and every step can be reached.
 */
export function validateSteps(steps: StepContent[], field = 'input.steps'): void {
  if (steps.length === 0) throw badInput(field, 'A runbook needs at least one step');
  if (steps.length > MAX_STEPS) throw badInput(field, `A runbook has at most ${MAX_STEPS} steps`);
  const index = new Map<string, number>();
  steps.forEach((step, i) => {
    const at = `${field}.${i}`;
    if (!STEP_KEY.test(step.key)) {
      throw badInput(`${at}.key`, 'A step key is 1–40 lowercase letters, digits or dashes');
    }
    if (index.has(step.key)) throw badInput(`${at}.key`, `Two steps have the key ${step.key}`);
    index.set(step.key, i);
    if (!step.titleJa.trim()) throw badInput(`${at}.titleJa`, 'A step needs a title');
    if (!step.titleEn.trim()) throw badInput(`${at}.titleEn`, 'A step needs a title');
    const needs: Partial<Record<StepAssigneeKind, [unknown, string, string]>> = {
      [StepAssigneeKind.DUTY]: [step.assigneeDuty, 'assigneeDuty', 'a duty'],
      [StepAssigneeKind.ROLE]: [step.assigneeRole, 'assigneeRole', 'a guideline role'],
      [StepAssigneeKind.ORGANISATION]: [
        step.assigneeOrganisationId,
        'assigneeOrganisationId',
        'an organisation',
      ],
    };
    const need = needs[step.assigneeKind];
    if (need && !need[0])
      throw badInput(`${at}.${need[1]}`, `A ${step.assigneeKind} assignee needs ${need[2]}`);
    const badKey = step.checkSheetKeys.find((key) => !isCheckSheetKey(key));
    if (badKey) {
      throw badInput(`${at}.checkSheetKeys`, `${badKey} is not a check-sheet item (GOV-1-1 … DL-6)`);
    }
    const badMeasure = step.cpsfMeasureIds.find((id) => !isCpsfMeasureId(id));
    if (badMeasure) {
      throw badInput(`${at}.cpsfMeasureIds`, `${badMeasure} is not a CPSF measure (CPS.AC-1 … CPS.SC-14)`);
    }
    for (const language of ['Ja', 'En'] as const) {
      const template = step[`template${language}`];
      const unknown = template ? unknownPlaceholders(template) : [];
      if (unknown.length) {
        throw badInput(`${at}.template${language}`, `Unknown placeholder {{${unknown[0]}}}`);
      }
    }
  });
  steps.forEach((step, i) => {
    if (step.nextStepKey !== null) {
      const at = `${field}.${i}.nextStepKey`;
      if (step.decision) throw badInput(at, 'A step with a decision goes on where its options say');
      const target = index.get(step.nextStepKey);
      if (target === undefined) throw badInput(at, `No step has the key ${step.nextStepKey}`);
      if (target <= i) throw badInput(at, 'A step leads to a later step');
    }
    if (!step.decision) return;
    const at = `${field}.${i}.decision`;
    if (!step.decision.questionJa.trim() || !step.decision.questionEn.trim()) {
      throw badInput(`${at}.questionJa`, 'A decision needs its question in Japanese and English');
    }
    if (step.decision.options.length < 2)
      throw badInput(`${at}.options`, 'A decision needs two options or more');
    step.decision.options.forEach((option, o) => {
      if (!option.labelJa.trim() || !option.labelEn.trim()) {
        throw badInput(`${at}.options.${o}.labelJa`, 'An option needs its label in Japanese and English');
      }
      if (option.nextStepKey === null) return;
      const target = index.get(option.nextStepKey);
      if (target === undefined) {
        throw badInput(`${at}.options.${o}.nextStepKey`, `No step has the key ${option.nextStepKey}`);
      }
      if (target <= i) {
        throw badInput(
          `${at}.options.${o}.nextStepKey`,
          'A decision leads to a later step (or ends the runbook)',
        );
      }
    });
  });
  const reached = new Set<number>();
  const pending = [0];
  while (pending.length) {
    const i = pending.pop() as number;
    if (reached.has(i)) continue;
    reached.add(i);
    pending.push(...successors(steps, i, index));
  }
  const unreachable = steps.findIndex((_, i) => !reached.has(i));
  if (unreachable >= 0) {
    throw badInput(
      `${field}.${unreachable}.key`,
      `No path through the runbook reaches step ${steps[unreachable].key}`,
    );
  }
}

function successors(steps: StepContent[], i: number, index: Map<string, number>): number[] {
  const decision = steps[i].decision;
  if (!decision) return [following(steps, i, index)].filter((next) => next >= 0);
  return decision.options
    .map((option) => (option.nextStepKey === null ? -1 : (index.get(option.nextStepKey) ?? -1)))
    .filter((next) => next >= 0);
}

/** The step after a step without a decision: its nextStepKey, or the next in order (-1: the end). */
function following(steps: StepContent[], i: number, index: Map<string, number>): number {
  const next = steps[i].nextStepKey;
  if (next !== null) return index.get(next) ?? -1;
  return i + 1 < steps.length ? i + 1 : -1;
}

export interface StepTiming {
  /** Minutes from the moment the runbook is applied until the step should be done. */
  dueAfterMinutes: number;
  onDefaultPath: boolean;
}

/**
 * When each step is due: the expected durations added up along the default path (the first option of
 * every decision). A step off that path is timed from the decision that leads to it, following the
 * first options from there on. Steps are timed once, by the first (earliest-branching) path to reach them.
 */
export function stepTimings(steps: StepContent[]): Map<string, StepTiming> {
  const index = new Map(steps.map((step, i) => [step.key, i]));
  const timings = new Map<string, StepTiming>();
  const branches: [number, number][] = [];
  const walk = (start: number, base: number, onDefaultPath: boolean) => {
    let elapsed = base;
    for (let i = start; i >= 0 && !timings.has(steps[i].key);) {
      const step = steps[i];
      elapsed += step.expectedMinutes;
      timings.set(step.key, { dueAfterMinutes: elapsed, onDefaultPath });
      if (step.decision) {
        for (const option of step.decision.options.slice(1)) {
          if (option.nextStepKey !== null) branches.push([index.get(option.nextStepKey) ?? -1, elapsed]);
        }
        const first = step.decision.options[0]?.nextStepKey ?? null;
        i = first === null ? -1 : (index.get(first) ?? -1);
      } else {
        i = following(steps, i, index);
      }
    }
  };
  if (steps.length) walk(0, 0, true);
  while (branches.length) {
    const [start, base] = branches.shift() as [number, number];
    walk(start, base, false);
  }
  return timings;
}

/** What the directory and the responsibility map say about an incident, for resolving assignees. */
export interface AssigneeContext {
  /** Effective duties (own and inherited) of each organisation on the incident's affected components. */
  dutiesByOrganisation: Map<string, Set<Duty>>;
  participantIds: ReadonlySet<string>;
  /** Every organisation of the directory holding each guideline role. */
  organisationsByRole: Map<GuidelineRole, string[]>;
  existingOrganisationIds: ReadonlySet<string>;
  reporterOrganisationId: string;
  /** Sort key (the English name) so the task order does not depend on the database. */
  organisationNames: Map<string, string>;
  hasComponents: boolean;
}

export interface ResolvedAssignees {
  organisationIds: string[];
  /** Why nobody could be resolved (a responsibility gap), or null. */
  gap: string | null;
}

/** The organisations a step's task goes to: one task each, or one unassigned task flagged as a gap. */
export function resolveAssignees(step: StepContent, context: AssigneeContext): ResolvedAssignees {
  const sorted = (ids: Iterable<string>) =>
    [...new Set(ids)].sort(
      (a, b) =>
        (context.organisationNames.get(a) ?? '').localeCompare(context.organisationNames.get(b) ?? '') ||
        a.localeCompare(b),
    );
  switch (step.assigneeKind) {
    case StepAssigneeKind.DUTY: {
      const holders = [...context.dutiesByOrganisation]
        .filter(([, duties]) => duties.has(step.assigneeDuty as Duty))
        .map(([organisationId]) => organisationId);
      if (holders.length) return { organisationIds: sorted(holders), gap: null };
      return {
        organisationIds: [],
        gap: context.hasComponents
          ? `No organisation is ${step.assigneeDuty} for the affected components in the responsibility map`
          : `The incident names no affected components, so nobody is ${step.assigneeDuty}`,
      };
    }
    case StepAssigneeKind.ROLE: {
      const holders = context.organisationsByRole.get(step.assigneeRole as GuidelineRole) ?? [];
      const participating = holders.filter((id) => context.participantIds.has(id));
      if (holders.length)
        return { organisationIds: sorted(participating.length ? participating : holders), gap: null };
      return {
        organisationIds: [],
        gap: `No organisation in the directory holds the role ${step.assigneeRole}`,
      };
    }
    case StepAssigneeKind.ORGANISATION:
      return context.existingOrganisationIds.has(step.assigneeOrganisationId as string)
        ? { organisationIds: [step.assigneeOrganisationId as string], gap: null }
        : { organisationIds: [], gap: 'The organisation the step names is no longer in the directory' };
    case StepAssigneeKind.REPORTER:
      return { organisationIds: [context.reporterOrganisationId], gap: null };
  }
}

export interface PlannedTask {
  step: StepContent;
  position: number;
  organisationId: string | null;
  gap: string | null;
  dueAt: Date;
  onDefaultPath: boolean;
}

/** Every step as incident tasks: one per resolved organisation, due along the runbook's paths. */
export function planTasks(steps: StepContent[], context: AssigneeContext, appliedAt: Date): PlannedTask[] {
  const timings = stepTimings(steps);
  return steps.flatMap((step, position): PlannedTask[] => {
    const timing = timings.get(step.key) as StepTiming;
    const dueAt = new Date(appliedAt.getTime() + timing.dueAfterMinutes * 60_000);
    const { organisationIds, gap } = resolveAssignees(step, context);
    const base = { step, position, dueAt, onDefaultPath: timing.onDefaultPath };
    return gap
      ? [{ ...base, organisationId: null, gap }]
      : organisationIds.map((organisationId) => ({ ...base, organisationId, gap: null }));
  });
}
