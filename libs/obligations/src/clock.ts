import { Severity } from '@renkei/incidents/incidents.enums';
import type { ReportingStage, TriggerCondition } from './entities/reporting-rule.entity';
import {
  DeadlineAnchor,
  DeadlineCondition,
  ObligationStatus,
  TriggerConditionKind,
} from './obligations.enums';

/**
 * The pure clock rules of statutory reporting: whether a rule applies, when each stage is due, when
 * reminders go out, which status an obligation shows at a given time, and who owns it. No database:
 * unit-tested with a fixed clock.
 */

export interface IncidentFacts {
  personalDataInvolved: boolean;
  safetyImpact: boolean;
  maliciousSuspected: boolean;
  severity: Severity;
  incidentTypeId: string | null;
  /** When the organisation became aware (explicit awareAt, else detected, else reported). */
  awareAt: Date;
}

const severityRank = (severity: Severity) => Number(severity.replace('SEV', ''));

/** Every condition must hold; a rule with no condition never applies (it would catch every incident). */
export function triggerHolds(trigger: TriggerCondition[], incident: IncidentFacts): boolean {
  if (trigger.length === 0) return false;
  return trigger.every((condition) => {
    switch (condition.kind) {
      case TriggerConditionKind.PERSONAL_DATA:
        return incident.personalDataInvolved;
      case TriggerConditionKind.SAFETY_IMPACT:
        return incident.safetyImpact;
      case TriggerConditionKind.SEVERITY_AT_LEAST:
        return (
          condition.severity !== undefined &&
          severityRank(incident.severity) <= severityRank(condition.severity)
        );
      case TriggerConditionKind.INCIDENT_TYPE:
        return (
          incident.incidentTypeId !== null &&
          (condition.incidentTypeIds ?? []).includes(incident.incidentTypeId)
        );
      default:
        return false;
    }
  });
}

/** Whether the stage's alternative duration applies to this incident. */
export function alternativeApplies(
  stage: ReportingStage,
  incident: Pick<IncidentFacts, 'maliciousSuspected'>,
): boolean {
  if (!stage.alternative) return false;
  switch (stage.alternative.condition) {
    case DeadlineCondition.MALICIOUS:
      return incident.maliciousSuspected;
    default:
      return false;
  }
}

/**
 * A stage's deadline: its anchor (awareness, or the previous stage's submission) plus its duration —
 * the alternative one when its condition holds. null while a previous-stage anchor is not submitted.
 * Durations are elapsed time (30 days = 30 × 24 h after awareness), the strict reading of 「30日以内」.
 */
export function dueAt(
  stage: ReportingStage,
  incident: Pick<IncidentFacts, 'awareAt' | 'maliciousSuspected'>,
  previousSubmittedAt: Date | null,
): { dueAt: Date | null; alternative: boolean } {
  const alternative = alternativeApplies(stage, incident);
  const seconds =
    alternative && stage.alternative ? stage.alternative.durationSeconds : stage.durationSeconds;
  const anchor = stage.anchor === DeadlineAnchor.AWARENESS ? incident.awareAt : previousSubmittedAt;
  return { dueAt: anchor ? new Date(anchor.getTime() + seconds * 1000) : null, alternative };
}

/**
 * Reminder times before a deadline, latest offset last, numbered from 1 in the rule's order (the
 * number is part of the reminder's idempotency key). Reminders whose time passed before `from` (the
 * obligation began, or its deadline moved) are skipped: nobody wants three reminders at once.
 */
export function reminderTimes(
  due: Date,
  offsetsSeconds: number[],
  from: Date,
): { number: number; at: Date; offsetSeconds: number }[] {
  return offsetsSeconds
    .map((offsetSeconds, index) => ({
      number: index + 1,
      at: new Date(due.getTime() - offsetSeconds * 1000),
      offsetSeconds,
    }))
    .filter((reminder) => reminder.at.getTime() > from.getTime() && reminder.at.getTime() < due.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The status to show at `now`: a pending obligation past its deadline is overdue even if its job is late. */
export function effectiveStatus(
  obligation: { status: ObligationStatus; dueAt: Date | null },
  now: Date,
): ObligationStatus {
  if (
    obligation.status === ObligationStatus.PENDING &&
    obligation.dueAt !== null &&
    obligation.dueAt.getTime() <= now.getTime()
  ) {
    return ObligationStatus.OVERDUE;
  }
  return obligation.status;
}

/** The status a submission at `submittedAt` gives: in time, or late (after the deadline). */
export function submissionStatus(dueAtValue: Date | null, submittedAt: Date): ObligationStatus {
  return dueAtValue !== null && submittedAt.getTime() > dueAtValue.getTime()
    ? ObligationStatus.SUBMITTED_LATE
    : ObligationStatus.SUBMITTED;
}

export const OPEN_OBLIGATION = [ObligationStatus.PENDING, ObligationStatus.OVERDUE];

/**
 * Who holds the duty. The organisation responsible for the personal data (the first RESPONSIBLE
 * organisation of the affected components, else their operator, else the reporter's organisation);
 * a contractor (受託者) keeps it until it has told its commissioning organisation (委託元), which
 * then holds it (APPI Art. 26(1) proviso).
 */
export function responsibleOrganisation(candidates: {
  responsible: string[];
  operators: string[];
  reporter: string;
}): string {
  return candidates.responsible[0] ?? candidates.operators[0] ?? candidates.reporter;
}

export function ownerAfterNotice(
  current: { ownerOrganisationId: string; delegatedFromOrganisationId: string | null },
  commissioningOrganisationId: string | null,
): { ownerOrganisationId: string; delegatedFromOrganisationId: string | null } {
  if (!commissioningOrganisationId || commissioningOrganisationId === current.ownerOrganisationId)
    return current;
  return {
    ownerOrganisationId: commissioningOrganisationId,
    delegatedFromOrganisationId: current.ownerOrganisationId,
  };
}

/** A duration in the largest whole unit, for messages: 5 日 / 5 days, 2 時間 / 2 hours. */
export function describeDuration(seconds: number): { ja: string; en: string } {
  const [count, ja, en] =
    seconds % 86400 === 0
      ? [seconds / 86400, '日', 'day']
      : seconds % 3600 === 0
        ? [seconds / 3600, '時間', 'hour']
        : seconds % 60 === 0
          ? [seconds / 60, '分', 'minute']
          : [seconds, '秒', 'second'];
  return { ja: `${count}${ja}`, en: `${count} ${en}${count === 1 ? '' : 's'}` };
}
