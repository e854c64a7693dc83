/**
 * Response-time metrics (MTTA, time to contain, MTTR) as pure functions over rows already selected
 * with the reader's visibility. Percentiles interpolate linearly between the closest ranks, as
 * PostgreSQL's percentile_cont does.
 */

export interface DurationSummary {
  /** Samples measured (acknowledged, contained or resolved). */
  count: number;
  /** In scope but not reached yet (still unacknowledged, uncontained, unresolved). */
  pending: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  meanSeconds: number | null;
}

export interface NamedOrganisation {
  id: string;
  nameJa: string;
  nameEn: string;
}

export interface MetricIncident {
  id: string;
  severity: string;
  /** YYYY-MM of the report, in the city's time zone. */
  month: string;
  reportedAt: Date;
  containedAt: Date | null;
  resolvedAt: Date | null;
  /** The organisations taking part. */
  organisations: NamedOrganisation[];
}

export interface MetricEngagement {
  incidentId: string;
  organisation: NamedOrganisation;
  firstAlertedAt: Date;
  /** The first acknowledgement ever (re-escalations do not reset it). */
  firstAcknowledgedAt: Date | null;
}

export interface MetricGroup {
  key: string;
  labelJa: string;
  labelEn: string;
  incidentCount: number;
  acknowledge: DurationSummary;
  contain: DurationSummary;
  resolve: DurationSummary;
}

export interface IncidentMetricsResult {
  overall: MetricGroup;
  bySeverity: MetricGroup[];
  byMonth: MetricGroup[];
  byOrganisation: MetricGroup[];
}

/** The p-quantile (0…1) of ascending values, interpolated between the closest ranks. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of nothing');
  const rank = p * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
}

export function summarise(seconds: readonly number[], pending: number): DurationSummary {
  if (seconds.length === 0) {
    return { count: 0, pending, medianSeconds: null, p90Seconds: null, meanSeconds: null };
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    count: sorted.length,
    pending,
    medianSeconds: round(percentile(sorted, 0.5)),
    p90Seconds: round(percentile(sorted, 0.9)),
    meanSeconds: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
  };
}

const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

/** One group's figures from its incidents and its engagements. */
function group(
  key: string,
  labelJa: string,
  labelEn: string,
  incidents: readonly MetricIncident[],
  engagements: readonly MetricEngagement[],
): MetricGroup {
  const acknowledged = engagements.filter((e) => e.firstAcknowledgedAt);
  const contained = incidents.filter((i) => i.containedAt && i.containedAt >= i.reportedAt);
  const resolved = incidents.filter((i) => i.resolvedAt && i.resolvedAt >= i.reportedAt);
  return {
    key,
    labelJa,
    labelEn,
    incidentCount: incidents.length,
    acknowledge: summarise(
      acknowledged.map((e) => seconds(e.firstAlertedAt, e.firstAcknowledgedAt as Date)),
      engagements.length - acknowledged.length,
    ),
    // Still open and not contained; an incident resolved without containment (a false positive) is neither.
    contain: summarise(
      contained.map((i) => seconds(i.reportedAt, i.containedAt as Date)),
      incidents.filter((i) => !i.containedAt && !i.resolvedAt).length,
    ),
    resolve: summarise(
      resolved.map((i) => seconds(i.reportedAt, i.resolvedAt as Date)),
      incidents.filter((i) => !i.resolvedAt).length,
    ),
  };
}

const SEVERITY_ORDER = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];

/**
 * Time to acknowledge (per organisation alerted: first alert → its first acknowledgement; only
 * engagements that asked for one), to contain (report → CONTAINED) and to resolve (report →
 * RESOLVED), overall and per severity, month of report and organisation. An incident counts for
 * every organisation taking part in it; an organisation's acknowledgement times are its own.
 */
export function computeIncidentMetrics(
  incidents: readonly MetricIncident[],
  engagements: readonly MetricEngagement[],
): IncidentMetricsResult {
  const incidentById = new Map(incidents.map((i) => [i.id, i]));
  const inScope = engagements.filter((e) => incidentById.has(e.incidentId));
  const engagementsOf = (selected: readonly MetricIncident[]) => {
    const ids = new Set(selected.map((i) => i.id));
    return inScope.filter((e) => ids.has(e.incidentId));
  };

  const severities = [...new Set(incidents.map((i) => i.severity))].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b),
  );
  const months = [...new Set(incidents.map((i) => i.month))].sort();

  const organisations = new Map<string, NamedOrganisation>();
  for (const incident of incidents) for (const o of incident.organisations) organisations.set(o.id, o);
  for (const engagement of inScope) organisations.set(engagement.organisation.id, engagement.organisation);

  return {
    overall: group('ALL', 'すべて', 'All', incidents, inScope),
    bySeverity: severities.map((severity) => {
      const selected = incidents.filter((i) => i.severity === severity);
      return group(severity, severity, severity, selected, engagementsOf(selected));
    }),
    byMonth: months.map((month) => {
      const selected = incidents.filter((i) => i.month === month);
      return group(month, month, month, selected, engagementsOf(selected));
    }),
    byOrganisation: [...organisations.values()]
      .sort((a, b) => a.nameJa.localeCompare(b.nameJa, 'ja') || a.id.localeCompare(b.id))
      .map((o) => {
        const engaged = inScope.filter((e) => e.organisation.id === o.id);
        const engagedIncidents = new Set(engaged.map((e) => e.incidentId));
        const selected = incidents.filter(
          (i) => i.organisations.some((p) => p.id === o.id) || engagedIncidents.has(i.id),
        );
        return group(o.id, o.nameJa, o.nameEn, selected, engaged);
      }),
  };
}
