import { Severity } from '@renkei/incidents/incidents.enums';
import {
  dueAt,
  effectiveStatus,
  IncidentFacts,
  ownerAfterNotice,
  reminderTimes,
  responsibleOrganisation,
  submissionStatus,
  triggerHolds,
} from '../clock';
import type { ReportingStage } from '../entities/reporting-rule.entity';
import { DeadlineAnchor, ObligationStatus, TriggerConditionKind } from '../obligations.enums';
import { APPI_STAGES } from '../statutory-rules';

const DAY = 86_400_000;
const AWARE = new Date('2026-04-01T09:00:00Z');
const facts = (over: Partial<IncidentFacts> = {}): IncidentFacts => ({
  personalDataInvolved: true,
  safetyImpact: false,
  maliciousSuspected: false,
  severity: Severity.SEV3,
  incidentTypeId: null,
  awareAt: AWARE,
  ...over,
});
const [preliminary, final] = APPI_STAGES;

describe('statutory reporting clock', () => {
  it('applies a rule only when every trigger condition holds', () => {
    const personal = [{ kind: TriggerConditionKind.PERSONAL_DATA }];
    expect(triggerHolds(personal, facts())).toBe(true);
    expect(triggerHolds(personal, facts({ personalDataInvolved: false }))).toBe(false);
    const severe = [...personal, { kind: TriggerConditionKind.SEVERITY_AT_LEAST, severity: Severity.SEV2 }];
    expect(triggerHolds(severe, facts({ severity: Severity.SEV1 }))).toBe(true);
    expect(triggerHolds(severe, facts({ severity: Severity.SEV3 }))).toBe(false);
    const typed = [{ kind: TriggerConditionKind.INCIDENT_TYPE, incidentTypeIds: ['INC-07'] }];
    expect(triggerHolds(typed, facts({ incidentTypeId: 'INC-07' }))).toBe(true);
    expect(triggerHolds(typed, facts({ incidentTypeId: 'INC-08' }))).toBe(false);
    expect(triggerHolds([{ kind: TriggerConditionKind.SAFETY_IMPACT }], facts())).toBe(false);
    expect(triggerHolds([], facts())).toBe(false);
  });

  it('counts the APPI deadlines from awareness: 5 days, 30 days, and 60 when an unlawful purpose is suspected', () => {
    expect(dueAt(preliminary, facts(), null).dueAt).toEqual(new Date(AWARE.getTime() + 5 * DAY));
    expect(dueAt(final, facts(), null)).toEqual({
      dueAt: new Date(AWARE.getTime() + 30 * DAY),
      alternative: false,
    });
    expect(dueAt(final, facts({ maliciousSuspected: true }), null)).toEqual({
      dueAt: new Date(AWARE.getTime() + 60 * DAY),
      alternative: true,
    });
    // The malicious flag does not touch a stage without an alternative.
    expect(dueAt(preliminary, facts({ maliciousSuspected: true }), null).dueAt).toEqual(
      new Date(AWARE.getTime() + 5 * DAY),
    );
  });

  it('anchors a previous-stage deadline on that submission, and has none before it', () => {
    const next: ReportingStage = {
      ...preliminary,
      key: 'next',
      anchor: DeadlineAnchor.PREVIOUS_STAGE,
      durationSeconds: 3600,
    };
    expect(dueAt(next, facts(), null).dueAt).toBeNull();
    const submitted = new Date('2026-04-03T00:00:00Z');
    expect(dueAt(next, facts(), submitted).dueAt).toEqual(new Date(submitted.getTime() + 3600_000));
  });

  it('schedules reminders before the deadline, earliest first, skipping those already past', () => {
    const due = new Date(AWARE.getTime() + 5 * DAY);
    const all = reminderTimes(due, preliminary.reminderOffsetsSeconds, AWARE);
    expect(all.map((r) => [r.number, r.at.toISOString()])).toEqual([
      [1, new Date(due.getTime() - 3 * DAY).toISOString()],
      [2, new Date(due.getTime() - DAY).toISOString()],
      [3, new Date(due.getTime() - 2 * 3600_000).toISOString()],
    ]);
    const late = reminderTimes(due, preliminary.reminderOffsetsSeconds, new Date(due.getTime() - 2 * DAY));
    expect(late.map((r) => r.number)).toEqual([2, 3]);
  });

  it('reads a pending obligation past its deadline as OVERDUE, and a late submission as SUBMITTED_LATE', () => {
    const due = new Date(AWARE.getTime() + 5 * DAY);
    const pending = { status: ObligationStatus.PENDING, dueAt: due };
    expect(effectiveStatus(pending, new Date(due.getTime() - 1))).toBe(ObligationStatus.PENDING);
    expect(effectiveStatus(pending, due)).toBe(ObligationStatus.OVERDUE);
    expect(
      effectiveStatus({ status: ObligationStatus.SUBMITTED, dueAt: due }, new Date(due.getTime() + DAY)),
    ).toBe(ObligationStatus.SUBMITTED);
    expect(effectiveStatus({ status: ObligationStatus.PENDING, dueAt: null }, new Date(9e15))).toBe(
      ObligationStatus.PENDING,
    );
    expect(submissionStatus(due, due)).toBe(ObligationStatus.SUBMITTED);
    expect(submissionStatus(due, new Date(due.getTime() + 1000))).toBe(ObligationStatus.SUBMITTED_LATE);
  });

  it('gives the duty to the responsible organisation, and passes a contractor’s to its commissioning organisation', () => {
    expect(responsibleOrganisation({ responsible: ['r'], operators: ['o'], reporter: 'x' })).toBe('r');
    expect(responsibleOrganisation({ responsible: [], operators: ['o'], reporter: 'x' })).toBe('o');
    expect(responsibleOrganisation({ responsible: [], operators: [], reporter: 'x' })).toBe('x');
    const held = { ownerOrganisationId: 'contractor', delegatedFromOrganisationId: null };
    expect(ownerAfterNotice(held, 'client')).toEqual({
      ownerOrganisationId: 'client',
      delegatedFromOrganisationId: 'contractor',
    });
    expect(ownerAfterNotice(held, null)).toBe(held);
  });
});
