import { registerEnumType } from '@nestjs/graphql';

/** Whose procedure a runbook is (IR③: city-wide procedures and each stakeholder's own). */
export enum RunbookScope {
  /** The city-wide procedure (全体の対応手順), owned by the promotion body. */
  CITY_WIDE = 'CITY_WIDE',
  /** A stakeholder's own procedure (各主体の対応手順), owned by that organisation. */
  STAKEHOLDER = 'STAKEHOLDER',
}

/** A version is drafted, then published; a published version never changes again. */
export enum RunbookVersionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}

/** Who a step's task goes to, resolved when the runbook is applied to an incident. */
export enum StepAssigneeKind {
  /** Organisations holding a duty (RACI) on the incident's affected components. */
  DUTY = 'DUTY',
  /** Organisations holding a guideline role (Table 1-1), participants of the incident first. */
  ROLE = 'ROLE',
  /** One named organisation. */
  ORGANISATION = 'ORGANISATION',
  /** The organisation that reported the incident. */
  REPORTER = 'REPORTER',
}

export enum ReviewStatus {
  DRAFT = 'DRAFT',
  COMPLETED = 'COMPLETED',
}

/** What a lesson learned (IR⑤) changes. */
export enum FindingActionKind {
  UPDATE_RUNBOOK_STEP = 'UPDATE_RUNBOOK_STEP',
  FIX_CONTACT = 'FIX_CONTACT',
  ADD_RESPONSIBILITY = 'ADD_RESPONSIBILITY',
  ADD_DRILL_SCENARIO = 'ADD_DRILL_SCENARIO',
}

export enum FindingStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
}

for (const [name, value] of Object.entries({
  RunbookScope,
  RunbookVersionStatus,
  StepAssigneeKind,
  ReviewStatus,
  FindingActionKind,
  FindingStatus,
})) {
  registerEnumType(value, { name });
}
