import { GuidelineRole } from '@renkei/directory/directory.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { EXAMPLE_RUNBOOKS } from '../../../../migrations/data/example-runbooks-2026';
import incidentTypes from '@renkei/guideline/data/incident-types.json';
import {
  AssigneeContext,
  StepContent,
  planTasks,
  resolveAssignees,
  stepTimings,
  validateSteps,
} from '../runbook-plan';
import { StepAssigneeKind } from '../runbooks.enums';

function step(key: string, overrides: Partial<StepContent> = {}): StepContent {
  return {
    key,
    titleJa: `手順 ${key}`,
    titleEn: `Step ${key}`,
    instructionsJa: '',
    instructionsEn: '',
    assigneeKind: StepAssigneeKind.REPORTER,
    assigneeDuty: null,
    assigneeRole: null,
    assigneeOrganisationId: null,
    expectedMinutes: 10,
    decision: null,
    nextStepKey: null,
    checkSheetKeys: [],
    cpsfMeasureIds: [],
    templateJa: null,
    templateEn: null,
    ...overrides,
  };
}

const decision = (...next: (string | null)[]) => ({
  questionJa: '問い',
  questionEn: 'Question',
  options: next.map((nextStepKey, i) => ({ labelJa: `選択${i}`, labelEn: `Option ${i}`, nextStepKey })),
});

function badField(run: () => void): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { field?: string }).field;
  }
  return undefined;
}

describe('runbook steps: validation', () => {
  it('accepts a flow whose decisions lead forward and reach every step', () => {
    expect(() =>
      validateSteps([
        step('a', { decision: decision('b', 'c') }),
        step('b', { nextStepKey: 'd' }),
        step('c'),
        step('d'),
      ]),
    ).not.toThrow();
  });

  it.each([
    ['a duplicate key', [step('a'), step('a')], 'input.steps.1.key'],
    ['a bad key', [step('A B')], 'input.steps.0.key'],
    [
      'a DUTY assignee without a duty',
      [step('a', { assigneeKind: StepAssigneeKind.DUTY })],
      'input.steps.0.assigneeDuty',
    ],
    [
      'an unknown check-sheet key',
      [step('a', { checkSheetKeys: ['IR-1', 'IR-9'] })],
      'input.steps.0.checkSheetKeys',
    ],
    ['an unknown CPSF id', [step('a', { cpsfMeasureIds: ['CPS.RP-9'] })], 'input.steps.0.cpsfMeasureIds'],
    [
      'an unknown placeholder',
      [step('a', { templateEn: '{{incident.secret}}' })],
      'input.steps.0.templateEn',
    ],
    [
      'a decision leading backwards',
      [step('a'), step('b', { decision: decision('a', null) })],
      'input.steps.1.decision.options.0.nextStepKey',
    ],
    [
      'a decision to nowhere',
      [step('a', { decision: decision('zz', null) })],
      'input.steps.0.decision.options.0.nextStepKey',
    ],
    ['a one-option decision', [step('a', { decision: decision(null) })], 'input.steps.0.decision.options'],
    [
      'an unreachable step',
      [step('a', { decision: decision('c', null) }), step('b'), step('c')],
      'input.steps.1.key',
    ],
    [
      'nextStepKey beside a decision',
      [step('a', { decision: decision(null, 'b'), nextStepKey: 'b' }), step('b')],
      'input.steps.0.nextStepKey',
    ],
  ])('refuses %s, naming the field', (_what, steps, field) => {
    expect(badField(() => validateSteps(steps as StepContent[]))).toBe(field);
  });
});

describe('runbook steps: due times along the paths', () => {
  it('adds durations along the default path, and times branches from the decision that leads to them', () => {
    const steps = [
      step('a', { expectedMinutes: 30, decision: decision('b', 'x') }),
      step('b', { expectedMinutes: 60 }),
      step('c', { expectedMinutes: 15, decision: decision('end', 'y') }),
      step('x', { expectedMinutes: 100, nextStepKey: 'end' }),
      step('y', { expectedMinutes: 7 }),
      step('end', { expectedMinutes: 5 }),
    ];
    const timings = Object.fromEntries(stepTimings(steps));
    expect(timings).toEqual({
      a: { dueAfterMinutes: 30, onDefaultPath: true },
      b: { dueAfterMinutes: 90, onDefaultPath: true },
      c: { dueAfterMinutes: 105, onDefaultPath: true },
      end: { dueAfterMinutes: 110, onDefaultPath: true },
      // Branches: from a (at 30) and from c (at 105); y goes on to end, already timed.
      x: { dueAfterMinutes: 130, onDefaultPath: false },
      y: { dueAfterMinutes: 112, onDefaultPath: false },
    });
  });

  it('a default option that ends the runbook leaves later steps to their branches', () => {
    const timings = stepTimings([
      step('a', { expectedMinutes: 5, decision: decision(null, 'b') }),
      step('b'),
    ]);
    expect(timings.get('a')).toEqual({ dueAfterMinutes: 5, onDefaultPath: true });
    expect(timings.get('b')).toEqual({ dueAfterMinutes: 15, onDefaultPath: false });
  });
});

describe('runbook steps: assignees', () => {
  const context: AssigneeContext = {
    dutiesByOrganisation: new Map<string, Set<Duty>>([
      ['org-b', new Set([Duty.RESPONSIBLE, Duty.INFORMED])],
      ['org-a', new Set([Duty.RESPONSIBLE])],
      ['org-c', new Set([Duty.ACCOUNTABLE])],
    ]),
    participantIds: new Set(['org-a', 'org-b', 'org-c', 'city-2']),
    organisationsByRole: new Map([
      [GuidelineRole.PROMOTION_BODY, ['city-1', 'city-2']],
      [GuidelineRole.IOT_DEVICE_VENDOR, ['iot']],
    ]),
    existingOrganisationIds: new Set(['org-a', 'org-b', 'org-c', 'city-1', 'city-2', 'iot']),
    reporterOrganisationId: 'org-c',
    organisationNames: new Map([
      ['org-a', 'Alpha'],
      ['org-b', 'Bravo'],
      ['org-c', 'Charlie'],
    ]),
    hasComponents: true,
  };

  it('DUTY: every organisation holding it on the components, by name', () => {
    expect(
      resolveAssignees(
        step('s', { assigneeKind: StepAssigneeKind.DUTY, assigneeDuty: Duty.RESPONSIBLE }),
        context,
      ),
    ).toEqual({
      organisationIds: ['org-a', 'org-b'],
      gap: null,
    });
  });

  it('ROLE: holders taking part in the incident, else every holder', () => {
    expect(
      resolveAssignees(
        step('s', { assigneeKind: StepAssigneeKind.ROLE, assigneeRole: GuidelineRole.PROMOTION_BODY }),
        context,
      ).organisationIds,
    ).toEqual(['city-2']);
    expect(
      resolveAssignees(
        step('s', { assigneeKind: StepAssigneeKind.ROLE, assigneeRole: GuidelineRole.IOT_DEVICE_VENDOR }),
        context,
      ).organisationIds,
    ).toEqual(['iot']);
  });

  it('gaps: nobody with the duty, nobody with the role, an organisation gone', () => {
    for (const s of [
      step('s', { assigneeKind: StepAssigneeKind.DUTY, assigneeDuty: Duty.CONSULTED }),
      step('s', { assigneeKind: StepAssigneeKind.ROLE, assigneeRole: GuidelineRole.DATA_PROVIDER }),
      step('s', { assigneeKind: StepAssigneeKind.ORGANISATION, assigneeOrganisationId: 'gone' }),
    ]) {
      const resolved = resolveAssignees(s, context);
      expect(resolved.organisationIds).toEqual([]);
      expect(resolved.gap).toEqual(expect.any(String));
    }
  });

  it('plans one task per organisation, an unassigned one for a gap, each due along its path', () => {
    const appliedAt = new Date('2026-03-01T00:00:00Z');
    const plan = planTasks(
      [
        step('a', {
          assigneeKind: StepAssigneeKind.DUTY,
          assigneeDuty: Duty.RESPONSIBLE,
          expectedMinutes: 60,
        }),
        step('b', { assigneeKind: StepAssigneeKind.DUTY, assigneeDuty: Duty.CONSULTED, expectedMinutes: 30 }),
        step('c', { expectedMinutes: 10 }),
      ],
      context,
      appliedAt,
    );
    expect(plan.map((p) => [p.step.key, p.organisationId, p.gap !== null, p.dueAt.toISOString()])).toEqual([
      ['a', 'org-a', false, '2026-03-01T01:00:00.000Z'],
      ['a', 'org-b', false, '2026-03-01T01:00:00.000Z'],
      ['b', null, true, '2026-03-01T01:30:00.000Z'],
      ['c', 'org-c', false, '2026-03-01T01:40:00.000Z'],
    ]);
  });
});

describe('the shipped examples', () => {
  const types = new Set((incidentTypes.items as { id: string }[]).map((t) => t.id));
  it.each(EXAMPLE_RUNBOOKS.map((example) => [example.key, example] as const))(
    '%s is valid, bilingual, 5–10 steps with keys, CPSF ids, a decision and a template',
    (_key, example) => {
      const steps = example.steps.map((s) =>
        step(s.key, {
          ...s,
          assigneeKind: s.assigneeKind as StepAssigneeKind,
          assigneeDuty: (s.assigneeDuty ?? null) as Duty | null,
          assigneeRole: (s.assigneeRole ?? null) as GuidelineRole | null,
          decision: s.decision ?? null,
          nextStepKey: s.nextStepKey ?? null,
          templateJa: s.templateJa ?? null,
          templateEn: s.templateEn ?? null,
        }),
      );
      expect(() => validateSteps(steps)).not.toThrow();
      expect(steps.length).toBeGreaterThanOrEqual(5);
      expect(steps.length).toBeLessThanOrEqual(10);
      expect(example.incidentTypeIds.every((id) => types.has(id))).toBe(true);
      expect(steps.some((s) => s.decision)).toBe(true);
      expect(steps.some((s) => s.templateJa && s.templateEn)).toBe(true);
      for (const s of steps) {
        expect([s.titleJa, s.titleEn, s.instructionsJa, s.instructionsEn].every((text) => text.trim())).toBe(
          true,
        );
        expect(s.checkSheetKeys.length + s.cpsfMeasureIds.length).toBeGreaterThan(0);
      }
    },
  );

  it('the personal data runbook puts the PPC final report at 30 days, or 60 where the leak may be malicious', () => {
    const example = EXAMPLE_RUNBOOKS.find((e) => e.key === 'personal-data-leak')!;
    const timings = stepTimings(
      example.steps.map((s) =>
        step(s.key, {
          expectedMinutes: s.expectedMinutes,
          decision: s.decision ?? null,
          nextStepKey: s.nextStepKey ?? null,
        }),
      ),
    );
    expect(timings.get('ppc-preliminary')!.dueAfterMinutes).toBeLessThanOrEqual(5 * 24 * 60);
    expect(timings.get('ppc-final-malicious')).toEqual({
      dueAfterMinutes: 60 * 24 * 60,
      onDefaultPath: true,
    });
    expect(timings.get('ppc-final')).toEqual({ dueAfterMinutes: 30 * 24 * 60, onDefaultPath: false });
  });
});
