import { checkSheetKeys, cpsfMeasureIds, isCheckSheetKey, isCpsfMeasureId } from '../catalogue';
import { entryValues, tokyoToday } from '../self-assessment-commands.service';
import { AssessmentStatus } from '../guideline.enums';
import { SetSelfAssessmentItemInput } from '../dto/self-assessment.input';

describe('catalogue helpers (current edition)', () => {
  it('knows the 64 check-sheet keys and the 108 CPSF measure ids', () => {
    expect(checkSheetKeys()).toHaveLength(64);
    expect(cpsfMeasureIds()).toHaveLength(108);
    expect(isCheckSheetKey('GOV-1-1')).toBe(true);
    expect(isCheckSheetKey('IR-5')).toBe(true);
    expect(isCheckSheetKey('IR-6')).toBe(false);
    expect(isCheckSheetKey('ガバナンス①-1')).toBe(false);
    expect(isCpsfMeasureId('CPS.AC-1')).toBe(true);
    expect(isCpsfMeasureId('CPS.AC-99')).toBe(false);
  });
});

describe('self-assessment answer rules', () => {
  const base = (overrides: Partial<SetSelfAssessmentItemInput>): SetSelfAssessmentItemInput => ({
    organisationId: '0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e',
    itemKey: 'IR-1',
    status: AssessmentStatus.IMPLEMENTED,
    expectedVersion: 0,
    ...overrides,
  });
  const today = '2026-05-01';
  const fieldOf = (fn: () => unknown) => {
    try {
      fn();
      return null;
    } catch (error) {
      return (error as { field?: string }).field;
    }
  };

  it('requires a reason for NOT_APPLICABLE and a timing or date for PLANNED', () => {
    expect(fieldOf(() => entryValues(base({ status: AssessmentStatus.NOT_APPLICABLE }), today))).toBe(
      'input.notApplicableReason',
    );
    expect(
      fieldOf(() =>
        entryValues(base({ status: AssessmentStatus.NOT_APPLICABLE, notApplicableReason: '  ' }), today),
      ),
    ).toBe('input.notApplicableReason');
    expect(fieldOf(() => entryValues(base({ status: AssessmentStatus.PLANNED }), today))).toBe(
      'input.plannedTiming',
    );
    expect(
      entryValues(base({ status: AssessmentStatus.PLANNED, plannedTiming: ' 2027年度上期 ' }), today)
        .plannedTiming,
    ).toBe('2027年度上期');
    expect(
      entryValues(base({ status: AssessmentStatus.PLANNED, plannedDate: '2027-09-30' }), today).plannedDate,
    ).toBe('2027-09-30');
  });

  it('rejects impossible dates, future reviews and a review date without a reviewer', () => {
    expect(fieldOf(() => entryValues(base({ plannedDate: '2027-02-30' }), today))).toBe('input.plannedDate');
    expect(fieldOf(() => entryValues(base({ reviewedOn: '2026-04-01' }), today))).toBe(
      'input.reviewerUserId',
    );
    expect(
      fieldOf(() =>
        entryValues(
          base({ reviewerUserId: '0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e', reviewedOn: '2026-05-02' }),
          today,
        ),
      ),
    ).toBe('input.reviewedOn');
  });

  it('keeps a reason only for NOT_APPLICABLE, dedupes evidence and dates a review today by default', () => {
    const values = entryValues(
      base({
        notApplicableReason: 'ignored',
        evidenceLinks: ['https://a.example/x', 'https://a.example/x '],
        reviewerUserId: '0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e',
      }),
      today,
    );
    expect(values.notApplicableReason).toBeNull();
    expect(values.evidenceLinks).toEqual(['https://a.example/x']);
    expect(values.reviewedOn).toBe(today);
  });

  it('takes today as the date in Japan, where the reviewers are', () => {
    // 08:30 JST on 2 May is still 1 May in UTC: a review dated 2 May is today, not the future.
    const morning = new Date('2026-05-01T23:30:00Z');
    expect(tokyoToday(morning)).toBe('2026-05-02');
    expect(tokyoToday(new Date('2026-05-02T14:59:59Z'))).toBe('2026-05-02');
    expect(tokyoToday(new Date('2026-05-02T15:00:00Z'))).toBe('2026-05-03');
    const values = entryValues(
      base({ reviewerUserId: '0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e', reviewedOn: '2026-05-02' }),
      tokyoToday(morning),
    );
    expect(values.reviewedOn).toBe('2026-05-02');
  });
});
