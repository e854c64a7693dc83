import { computeIncidentMetrics, percentile, summarise } from '../metrics/incident-metrics';

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 0, minutes));
const A = { id: 'a', nameJa: 'A社', nameEn: 'A' };
const B = { id: 'b', nameJa: 'B社', nameEn: 'B' };

describe('incident metrics', () => {
  it('interpolates percentiles between the closest ranks (percentile_cont)', () => {
    expect(percentile([10], 0.9)).toBe(10);
    expect(percentile([10, 20], 0.5)).toBe(15);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(summarise([30, 10, 20], 2)).toEqual({
      count: 3,
      pending: 2,
      medianSeconds: 20,
      p90Seconds: 28,
      meanSeconds: 20,
    });
    expect(summarise([], 1)).toEqual({
      count: 0,
      pending: 1,
      medianSeconds: null,
      p90Seconds: null,
      meanSeconds: null,
    });
  });

  it('groups acknowledge, contain and resolve times per severity, month and organisation', () => {
    const result = computeIncidentMetrics(
      [
        // SEV1 in March: contained after 60 min, resolved after 120; A and B take part.
        {
          id: '1',
          severity: 'SEV1',
          month: '2026-03',
          reportedAt: at(0),
          containedAt: at(60),
          resolvedAt: at(120),
          organisations: [A, B],
        },
        // SEV3 in March: resolved straight from triage (never contained) after 30 min; A only.
        {
          id: '2',
          severity: 'SEV3',
          month: '2026-03',
          reportedAt: at(0),
          containedAt: null,
          resolvedAt: at(30),
          organisations: [A],
        },
        // SEV1 in April, still open; B only.
        {
          id: '3',
          severity: 'SEV1',
          month: '2026-04',
          reportedAt: at(0),
          containedAt: null,
          resolvedAt: null,
          organisations: [B],
        },
      ],
      [
        { incidentId: '1', organisation: A, firstAlertedAt: at(0), firstAcknowledgedAt: at(5) },
        { incidentId: '1', organisation: B, firstAlertedAt: at(0), firstAcknowledgedAt: at(15) },
        { incidentId: '2', organisation: A, firstAlertedAt: at(0), firstAcknowledgedAt: at(10) },
        { incidentId: '3', organisation: B, firstAlertedAt: at(0), firstAcknowledgedAt: null },
        // An engagement of an incident outside the selection is ignored.
        { incidentId: 'other', organisation: A, firstAlertedAt: at(0), firstAcknowledgedAt: at(99) },
      ],
    );
    expect(result.overall.incidentCount).toBe(3);
    expect(result.overall.acknowledge).toEqual({
      count: 3,
      pending: 1,
      medianSeconds: 600,
      p90Seconds: 840,
      meanSeconds: 600,
    });
    expect(result.overall.contain).toEqual({
      count: 1,
      pending: 1,
      medianSeconds: 3600,
      p90Seconds: 3600,
      meanSeconds: 3600,
    });
    expect(result.overall.resolve).toEqual({
      count: 2,
      pending: 1,
      medianSeconds: 4500,
      p90Seconds: 6660,
      meanSeconds: 4500,
    });
    expect(result.bySeverity.map((g) => [g.key, g.incidentCount, g.resolve.count])).toEqual([
      ['SEV1', 2, 1],
      ['SEV3', 1, 1],
    ]);
    expect(
      result.byMonth.map((g) => [g.key, g.incidentCount, g.acknowledge.count, g.acknowledge.pending]),
    ).toEqual([
      ['2026-03', 2, 3, 0],
      ['2026-04', 1, 0, 1],
    ]);
    const byOrg = Object.fromEntries(result.byOrganisation.map((g) => [g.key, g]));
    expect(byOrg.a.incidentCount).toBe(2);
    expect(byOrg.a.acknowledge.medianSeconds).toBe(450);
    expect(byOrg.b.incidentCount).toBe(2);
    expect(byOrg.b.acknowledge).toEqual({
      count: 1,
      pending: 1,
      medianSeconds: 900,
      p90Seconds: 900,
      meanSeconds: 900,
    });
    expect(byOrg.b.resolve).toEqual({
      count: 1,
      pending: 1,
      medianSeconds: 7200,
      p90Seconds: 7200,
      meanSeconds: 7200,
    });
  });
});
