import { registerEnumType } from '@nestjs/graphql';

/** SCHEDULED → RUNNING ⇄ PAUSED → FINISHED; SCHEDULED/RUNNING/PAUSED → CANCELLED. */
export enum ExerciseStatus {
  SCHEDULED = 'SCHEDULED',
  RUNNING = 'RUNNING',
  PAUSED = 'PAUSED',
  FINISHED = 'FINISHED',
  CANCELLED = 'CANCELLED',
}

/** The statuses in which an exercise is under way (its clock set, injects and answers possible). */
export const LIVE_STATUSES: readonly ExerciseStatus[] = [ExerciseStatus.RUNNING, ExerciseStatus.PAUSED];

/** What a participating organisation does in the exercise (HSEEP roles). */
export enum ExerciseRole {
  FACILITATOR = 'FACILITATOR',
  EVALUATOR = 'EVALUATOR',
  PLAYER = 'PLAYER',
  OBSERVER = 'OBSERVER',
}

export enum InjectState {
  PENDING = 'PENDING',
  SENT = 'SENT',
  /** Not sent: the exercise finished or was cancelled first, or the facilitator jumped past it. */
  SKIPPED = 'SKIPPED',
}

/** An evaluator's rating of one expected action. */
export enum ActionRating {
  MET = 'MET',
  PARTIALLY_MET = 'PARTIALLY_MET',
  MISSED = 'MISSED',
}

/**
 * HSEEP objective ratings: P performed without challenges, S with some challenges, M with major
 * challenges, U unable to be performed.
 */
export enum ObjectiveRating {
  P = 'P',
  S = 'S',
  M = 'M',
  U = 'U',
}

export enum ResponseKind {
  DECISION = 'DECISION',
  ACTION = 'ACTION',
  MESSAGE = 'MESSAGE',
}

export enum ImprovementStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

/** What an improvement-plan item fixes. */
export enum ImprovementLinkKind {
  NONE = 'NONE',
  CONTACT = 'CONTACT',
  ORGANISATION = 'ORGANISATION',
  COMPONENT = 'COMPONENT',
  RUNBOOK = 'RUNBOOK',
  ESCALATION_POLICY = 'ESCALATION_POLICY',
}

export enum ScenarioOrigin {
  /** Shipped with Renkei from the guideline catalogue (an example). */
  CATALOGUE = 'CATALOGUE',
  CUSTOM = 'CUSTOM',
  COPY = 'COPY',
}

registerEnumType(ExerciseStatus, { name: 'ExerciseStatus' });
registerEnumType(ExerciseRole, { name: 'ExerciseRole' });
registerEnumType(InjectState, { name: 'InjectState' });
registerEnumType(ActionRating, { name: 'ActionRating' });
registerEnumType(ObjectiveRating, {
  name: 'ObjectiveRating',
  description: 'HSEEP: P without challenges, S some challenges, M major challenges, U unable to perform',
});
registerEnumType(ResponseKind, { name: 'ExerciseResponseKind' });
registerEnumType(ImprovementStatus, { name: 'ImprovementStatus' });
registerEnumType(ImprovementLinkKind, { name: 'ImprovementLinkKind' });
registerEnumType(ScenarioOrigin, { name: 'ScenarioOrigin' });
