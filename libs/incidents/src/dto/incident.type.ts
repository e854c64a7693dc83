import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';
import { Contact, OrganisationRef } from '@renkei/directory/dto/organisation.type';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { Connection } from '@renkei/core/pagination/connection';
import { IncidentEntity, awarenessOf } from '../entities/incident.entity';
import { IncidentTaskEntity } from '../entities/incident-task.entity';
import { TimelineEntryEntity } from '../entities/timeline-entry.entity';
import { SeverityDefinitionEntity } from '../entities/severity-definition.entity';
import {
  DetectionSource,
  IncidentCategory,
  IncidentRole,
  IncidentStatus,
  ParticipantSource,
  Severity,
  TaskStatus,
  TimelineEntryKind,
  Tlp,
} from '../incidents.enums';

@ObjectType()
export class Incident {
  @Field(() => ID)
  id: string;

  @Field({ description: 'INC-2026-0001' })
  reference: string;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => Severity)
  severity: Severity;

  @Field(() => IncidentCategory)
  category: IncidentCategory;

  @Field(() => String, { nullable: true })
  incidentTypeId: string | null;

  @Field(() => DetectionSource)
  detectionSource: DetectionSource;

  @Field()
  personalDataInvolved: boolean;

  @Field()
  safetyImpact: boolean;

  @Field({ description: 'The leak may have been committed for an unlawful purpose (不正の目的).' })
  maliciousSuspected: boolean;

  @Field({
    description:
      'When the organisation became aware (知った時), the anchor of statutory reporting clocks: set explicitly, else the detection time, else the report time.',
  })
  awareAt: Date;

  @Field(() => Tlp)
  tlp: Tlp;

  @Field(() => IncidentStatus)
  status: IncidentStatus;

  @Field()
  reportedAt: Date;

  @Field(() => Date, { nullable: true })
  detectedAt: Date | null;

  @Field(() => Date, { nullable: true })
  triagedAt: Date | null;

  @Field(() => Date, { nullable: true })
  respondingAt: Date | null;

  @Field(() => Date, { nullable: true })
  containedAt: Date | null;

  @Field(() => Date, { nullable: true })
  recoveringAt: Date | null;

  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => Date, { nullable: true })
  reopenedAt: Date | null;

  @Field(() => ID)
  reporterOrganisationId: string;

  @Field(() => String, { nullable: true })
  dedupKey: string | null;

  @Field(() => Int)
  occurrenceCount: number;

  @Field(() => ID, {
    nullable: true,
    description:
      'Set on a drill: the tabletop exercise whose inject this incident carries. Drills are never in the register’s lists or metrics.',
  })
  exerciseId: string | null;

  @Field()
  lastOccurrenceAt: Date;

  @Field()
  updatedAt: Date;

  @Field(() => Int)
  version: number;
}

@ObjectType()
export class IncidentParticipant {
  @Field(() => OrganisationRef)
  organisation: OrganisationRef;

  @Field(() => [Duty], { description: 'Its duties for the affected components (from the map).' })
  duties: Duty[];

  @Field(() => ParticipantSource)
  source: ParticipantSource;

  @Field()
  addedAt: Date;

  organisationId: string;
}

@ObjectType()
export class UserRef {
  @Field(() => ID)
  id: string;

  @Field()
  displayName: string;

  @Field(() => ID)
  organisationId: string;
}

@ObjectType()
export class IncidentMember {
  @Field(() => UserRef)
  user: UserRef;

  @Field(() => IncidentRole)
  role: IncidentRole;

  @Field()
  addedAt: Date;
}

@ObjectType()
export class IncidentTask {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  incidentId: string;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => TaskStatus)
  status: TaskStatus;

  @Field(() => ID, { nullable: true })
  assigneeOrganisationId: string | null;

  @Field(() => ID, { nullable: true })
  assigneeUserId: string | null;

  @Field(() => Date, { nullable: true })
  dueAt: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class TimelineEntry {
  @Field()
  sequence: string;

  @Field(() => ID)
  incidentId: string;

  @Field()
  occurredAt: Date;

  @Field(() => TimelineEntryKind)
  kind: TimelineEntryKind;

  @Field()
  actorName: string;

  @Field(() => ID, { nullable: true })
  actorOrganisationId: string | null;

  @Field()
  message: string;

  @Field(() => GraphQLJSON)
  data: Record<string, unknown>;
}

@ObjectType()
export class TimelineConnection extends Connection(TimelineEntry, 'Timeline') {}

@ObjectType()
export class IncidentConnection extends Connection(Incident, 'Incident') {}

@ObjectType()
export class ReportIncidentPayload {
  @Field(() => Incident)
  incident: Incident;

  @Field({ description: 'True when the dedupKey matched an open incident: an occurrence was added to it.' })
  deduplicated: boolean;
}

@ObjectType()
export class SeverityDefinition {
  @Field(() => Severity)
  level: Severity;

  @Field()
  nameJa: string;

  @Field()
  nameEn: string;

  @Field()
  criteriaJa: string;

  @Field()
  criteriaEn: string;
}

@ObjectType()
export class ParticipantContacts {
  @Field(() => ID)
  organisationId: string;

  @Field(() => [Contact])
  contacts: Contact[];
}

export function toIncident(entity: IncidentEntity): Incident {
  const {
    reporterOrganisation: _o,
    createdAt: _c,
    reporterUserId: _u,
    reporterApiKeyId: _k,
    drill: _d,
    ...rest
  } = entity as IncidentEntity & {
    reporterOrganisation?: unknown;
  };
  return { ...rest, awareAt: awarenessOf(entity) } as Incident;
}

export function toTask(entity: IncidentTaskEntity): IncidentTask {
  const { incident: _i, assigneeOrganisation: _a, createdById: _c, ...rest } = entity;
  return rest as IncidentTask;
}

export function toTimelineEntry(entity: TimelineEntryEntity): TimelineEntry {
  return {
    sequence: String(entity.sequence),
    incidentId: entity.incidentId,
    occurredAt: entity.occurredAt,
    kind: entity.kind,
    actorName: entity.actorName,
    actorOrganisationId: entity.actorOrganisationId,
    message: entity.message,
    data: entity.data,
  };
}

export function toSeverityDefinition(entity: SeverityDefinitionEntity): SeverityDefinition {
  return {
    level: entity.level,
    nameJa: entity.nameJa,
    nameEn: entity.nameEn,
    criteriaJa: entity.criteriaJa,
    criteriaEn: entity.criteriaEn,
  };
}
