import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '@renkei/core/context/actor';
import { badInput } from '@renkei/core/errors/domain.errors';
import { incidentVisibility } from '@renkei/incidents/incident-visibility';
import {
  IncidentMetricsResult,
  MetricEngagement,
  MetricIncident,
  computeIncidentMetrics,
} from './incident-metrics';

/** The longest range one query may cover. */
const MAX_RANGE_DAYS = 3 * 366;

/**
 * THE selection of incidents every metric is computed over: reported in [from, to) and visible to
 * the caller (incident-visibility.ts). One place, so a rule added here holds for every figure.
 */
export function metricIncidentSelection(
  actor: Actor,
  from: Date,
  to: Date,
): { sql: string; params: unknown[] } {
  const visibility = incidentVisibility(actor, 'i', 2);
  const conditions = [
    `i.reported_at >= $1`,
    `i.reported_at < $2`,
    visibility.sql,
    // Drill incidents (tabletop exercises) never count in real incident metrics.
    'i.exercise_id IS NULL',
  ];
  return {
    sql: `SELECT i.id, i.severity, i.reported_at, i.contained_at, i.resolved_at,
                 to_char(i.reported_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM') AS month
            FROM incident i
           WHERE ${conditions.join(' AND ')}`,
    params: [from, to, ...visibility.params],
  };
}

@Injectable()
export class IncidentMetricsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async compute(
    actor: Actor,
    fromText: string,
    toText: string,
  ): Promise<IncidentMetricsResult & { from: Date; to: Date; incidentCount: number }> {
    const from = new Date(fromText);
    const to = new Date(toText);
    if (Number.isNaN(from.getTime())) throw badInput('input.from', 'from is not a date');
    if (Number.isNaN(to.getTime())) throw badInput('input.to', 'to is not a date');
    if (to <= from) throw badInput('input.to', 'to must be after from');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      throw badInput('input.to', `The range may cover at most ${MAX_RANGE_DAYS} days`);
    }
    const selection = metricIncidentSelection(actor, from, to);
    const incidents = (await this.dataSource.query(selection.sql, selection.params)) as {
      id: string;
      severity: string;
      reported_at: Date;
      contained_at: Date | null;
      resolved_at: Date | null;
      month: string;
    }[];
    const ids = incidents.map((i) => i.id);
    const [participants, engagements] = (await Promise.all([
      this.dataSource.query(
        `SELECT p.incident_id, o.id, o.name_ja, o.name_en
           FROM incident_participant p JOIN organisation o ON o.id = p.organisation_id
          WHERE p.incident_id = ANY($1::uuid[])`,
        [ids],
      ),
      // Engagements are shared with everyone who sees the incident (the Incident.engagements rule).
      this.dataSource.query(
        `SELECT e.incident_id, e.first_alerted_at, e.first_acknowledged_at, o.id, o.name_ja, o.name_en
           FROM alert_engagement e JOIN organisation o ON o.id = e.organisation_id
          WHERE e.incident_id = ANY($1::uuid[]) AND e.acknowledgement_required`,
        [ids],
      ),
    ])) as [
      { incident_id: string; id: string; name_ja: string; name_en: string }[],
      {
        incident_id: string;
        first_alerted_at: Date;
        first_acknowledged_at: Date | null;
        id: string;
        name_ja: string;
        name_en: string;
      }[],
    ];
    const organisationsOf = new Map<string, MetricIncident['organisations']>();
    for (const row of participants) {
      const list = organisationsOf.get(row.incident_id) ?? [];
      list.push({ id: row.id, nameJa: row.name_ja, nameEn: row.name_en });
      organisationsOf.set(row.incident_id, list);
    }
    const metricIncidents: MetricIncident[] = incidents.map((row) => ({
      id: row.id,
      severity: row.severity,
      month: row.month,
      reportedAt: new Date(row.reported_at),
      containedAt: row.contained_at ? new Date(row.contained_at) : null,
      resolvedAt: row.resolved_at ? new Date(row.resolved_at) : null,
      organisations: organisationsOf.get(row.id) ?? [],
    }));
    const metricEngagements: MetricEngagement[] = engagements.map((row) => ({
      incidentId: row.incident_id,
      organisation: { id: row.id, nameJa: row.name_ja, nameEn: row.name_en },
      firstAlertedAt: new Date(row.first_alerted_at),
      firstAcknowledgedAt: row.first_acknowledged_at ? new Date(row.first_acknowledged_at) : null,
    }));
    return {
      from,
      to,
      incidentCount: metricIncidents.length,
      ...computeIncidentMetrics(metricIncidents, metricEngagements),
    };
  }
}
