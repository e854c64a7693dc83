import { Field, Float, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsISO8601 } from 'class-validator';

@ObjectType({ description: 'Count, median, 90th percentile and mean of one duration, in seconds.' })
export class DurationStatistics {
  @Field(() => Int, { description: 'Measured samples.' })
  count: number;

  @Field(() => Int, {
    description: 'In scope but not reached yet (unacknowledged, uncontained, unresolved).',
  })
  pending: number;

  @Field(() => Float, { nullable: true })
  medianSeconds: number | null;

  @Field(() => Float, { nullable: true })
  p90Seconds: number | null;

  @Field(() => Float, { nullable: true })
  meanSeconds: number | null;
}

@ObjectType()
export class IncidentMetricGroup {
  @Field({ description: 'ALL, a severity (SEV1…), a month (2026-03, Japan time) or an organisation id.' })
  key: string;

  @Field()
  labelJa: string;

  @Field()
  labelEn: string;

  @Field(() => Int)
  incidentCount: number;

  @Field(() => DurationStatistics, {
    description: 'First alert to first acknowledgement, per organisation asked to acknowledge (MTTA).',
  })
  acknowledge: DurationStatistics;

  @Field(() => DurationStatistics, { description: 'Report to CONTAINED.' })
  contain: DurationStatistics;

  @Field(() => DurationStatistics, { description: 'Report to RESOLVED (MTTR).' })
  resolve: DurationStatistics;
}

@ObjectType({ description: 'Response times over the incidents you may see that were reported in the range.' })
export class IncidentMetrics {
  @Field()
  from: Date;

  @Field()
  to: Date;

  @Field(() => Int)
  incidentCount: number;

  @Field(() => IncidentMetricGroup)
  overall: IncidentMetricGroup;

  @Field(() => [IncidentMetricGroup])
  bySeverity: IncidentMetricGroup[];

  @Field(() => [IncidentMetricGroup])
  byMonth: IncidentMetricGroup[];

  @Field(() => [IncidentMetricGroup], {
    description:
      'An incident counts for every organisation taking part; acknowledgement times are each organisation’s own.',
  })
  byOrganisation: IncidentMetricGroup[];
}

@InputType()
export class IncidentMetricsInput {
  @Field({ description: 'Incidents reported at or after this instant (ISO 8601).' })
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from: string;

  @Field({
    description: 'Incidents reported before this instant (ISO 8601); at most about three years after from.',
  })
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to: string;
}
