import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ContactEntity } from '@renkei/directory/entities/contact.entity';
import { OrganisationRelationshipEntity } from '@renkei/directory/entities/organisation-relationship.entity';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { UserEntity } from '@renkei/identity/entities/user.entity';
import {
  IncidentComponentEntity,
  IncidentMemberEntity,
  IncidentParticipantEntity,
} from '@renkei/incidents/entities/incident-links.entity';
import { IncidentTaskEntity } from '@renkei/incidents/entities/incident-task.entity';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { IncidentReferenceCounterEntity } from '@renkei/incidents/entities/reference-counter.entity';
import { TimelineEntryEntity } from '@renkei/incidents/entities/timeline-entry.entity';
import {
  IncidentRole,
  IncidentStatus,
  ParticipantSource,
  TaskStatus,
  TimelineEntryKind,
} from '@renkei/incidents/incidents.enums';
import { AssignmentEntity } from '@renkei/responsibility/entities/assignment.entity';
import { ComponentEntity } from '@renkei/responsibility/entities/component.entity';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { seedDemoAssessment } from './demo-assessment';
import {
  ASSIGNMENTS,
  COMPONENTS,
  CONTACTS,
  ComponentKey,
  DOMAINS,
  INCIDENTS,
  IncidentSeed,
  ORGANISATIONS,
  OrganisationKey,
  RELATIONSHIPS,
  USERS,
  UserKey,
} from './demo-city.data';
import { seedDemoExercises } from './demo-exercises';
import { seedDemoObligations } from './demo-obligations';
import { seedDemoReporting } from './demo-reporting';
import { seedDemoRunbooks } from './demo-runbooks';

/** Every demo user signs in with this password. */
export const DEMO_PASSWORD = 'demo-password-2026';

/** The year of the demo incidents' references (INC-2026-0001 …). */
const DEMO_YEAR = 2026;

export interface DemoSummary {
  organisations: number;
  contacts: number;
  components: number;
  assignments: number;
  users: { email: string; role: string; organisation: string }[];
  incidents: number;
  password: string;
}

export interface SeedDemoCityOptions {
  passwordHash: (plain: string) => Promise<string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DUTY_ORDER = [Duty.RESPONSIBLE, Duty.ACCOUNTABLE, Duty.CONSULTED, Duty.INFORMED];

const STATUS_LABEL: Record<IncidentStatus, string> = {
  NEW: '新規',
  TRIAGED: 'トリアージ済み',
  RESPONDING: '対応中',
  CONTAINED: '封じ込め済み',
  RECOVERING: '復旧中',
  RESOLVED: '解決',
  CLOSED: 'クローズ',
};

const ROLE_LABEL: Record<IncidentRole, string> = {
  COMMANDER: 'インシデントコマンダー',
  LIAISON: '連絡調整担当（リエゾン）',
  SCRIBE: '記録担当',
  RECIPIENT: '指名受信者',
};

type PhaseColumn = 'triagedAt' | 'respondingAt' | 'containedAt' | 'recoveringAt' | 'resolvedAt' | 'closedAt';

/** The incident column that records when each status was reached. */
const PHASE_COLUMN: Partial<Record<IncidentStatus, PhaseColumn>> = {
  TRIAGED: 'triagedAt',
  RESPONDING: 'respondingAt',
  CONTAINED: 'containedAt',
  RECOVERING: 'recoveringAt',
  RESOLVED: 'resolvedAt',
  CLOSED: 'closedAt',
};

/** Ids for the seed's keys, made up front so rows can point at each other. */
interface Ids {
  organisation: Record<OrganisationKey, string>;
  component: Record<ComponentKey, string>;
  user: Record<UserKey, string>;
}

function idsFor<K extends string>(items: { key: K }[]): Record<K, string> {
  return Object.fromEntries(items.map((item) => [item.key, randomUUID()])) as Record<K, string>;
}

/**
 * Inserts the demo city 「みなと市」 in one transaction: organisations, relationships, contacts, the
 * responsibility map (with one deliberate gap), users and five incidents in different states.
 * Writes no audit events: the caller records one for the whole seed.
 */
export async function seedDemoCity(
  dataSource: DataSource,
  options: SeedDemoCityOptions,
): Promise<DemoSummary> {
  // Hash outside the transaction so no connection is held during the slow part.
  const passwordHashes = new Map<UserKey, string>();
  for (const user of USERS) passwordHashes.set(user.key, await options.passwordHash(DEMO_PASSWORD));

  const ids: Ids = {
    organisation: idsFor(ORGANISATIONS),
    component: idsFor(COMPONENTS),
    user: idsFor(USERS),
  };
  const now = Date.now();

  await dataSource.transaction(async (manager) => {
    await insertDirectory(manager, ids, now);
    await insertResponsibilityMap(manager, ids);
    await manager.insert(
      UserEntity,
      USERS.map((user) => ({
        id: ids.user[user.key],
        email: `${user.mailbox}@${DOMAINS[user.organisation]}`.toLowerCase(),
        displayName: user.displayName,
        locale: user.locale,
        organisationId: ids.organisation[user.organisation],
        role: user.role,
        passwordHash: passwordHashes.get(user.key)!,
      })),
    );
    for (const [index, incident] of INCIDENTS.entries()) {
      await insertIncident(manager, ids, incident, index + 1);
    }
    await manager.insert(IncidentReferenceCounterEntity, { year: DEMO_YEAR, lastValue: INCIDENTS.length });
    await seedDemoAssessment(manager, ids);
    await seedDemoObligations(manager, ids.organisation);
    await seedDemoReporting(manager, ids.user);
    await seedDemoRunbooks(manager, ids);
    await seedDemoExercises(manager, ids.organisation, ids.user.coordinator);
  });

  const organisationName = new Map(
    ORGANISATIONS.map((organisation) => [organisation.key, organisation.nameJa]),
  );
  return {
    organisations: ORGANISATIONS.length,
    contacts: CONTACTS.length,
    components: COMPONENTS.length,
    assignments: ASSIGNMENTS.length,
    users: USERS.map((user) => ({
      email: `${user.mailbox}@${DOMAINS[user.organisation]}`.toLowerCase(),
      role: user.role,
      organisation: organisationName.get(user.organisation)!,
    })),
    incidents: INCIDENTS.length,
    password: DEMO_PASSWORD,
  };
}

async function insertDirectory(manager: EntityManager, ids: Ids, now: number): Promise<void> {
  await manager.insert(
    OrganisationEntity,
    ORGANISATIONS.map(({ key, ...organisation }) => ({ id: ids.organisation[key], ...organisation })),
  );
  await manager.insert(
    OrganisationRelationshipEntity,
    RELATIONSHIPS.map((relationship) => ({
      kind: relationship.kind,
      clientOrganisationId: ids.organisation[relationship.client],
      contractorOrganisationId: ids.organisation[relationship.contractor],
      description: relationship.description,
      contractReference: relationship.contractReference,
    })),
  );
  await manager.insert(
    ContactEntity,
    CONTACTS.map((contact) => ({
      organisationId: ids.organisation[contact.organisation],
      type: contact.type,
      kind: contact.kind,
      name: contact.name,
      title: contact.title,
      email: `${contact.mailbox}@${DOMAINS[contact.organisation]}`,
      phone: contact.phone ?? null,
      webhookUrl: contact.webhook ? `http://127.0.0.1:9/hooks/${contact.webhook}` : null,
      webhookSecretSealed: null,
      locale: contact.locale ?? 'ja',
      lastVerifiedAt:
        contact.verifiedDaysAgo === null ? null : new Date(now - contact.verifiedDaysAgo * DAY_MS),
      notes: contact.notes ?? '',
    })),
  );
}

async function insertResponsibilityMap(manager: EntityManager, ids: Ids): Promise<void> {
  // Parents are listed before their children, so one multi-row insert satisfies the foreign key.
  await manager.insert(
    ComponentEntity,
    COMPONENTS.map((component) => ({
      id: ids.component[component.key],
      nameJa: component.nameJa,
      nameEn: component.nameEn,
      category: component.category,
      kind: component.kind,
      parentId: component.parent ? ids.component[component.parent] : null,
      operatingOrganisationId: component.operator ? ids.organisation[component.operator] : null,
      description: component.description,
    })),
  );
  await manager.insert(
    AssignmentEntity,
    ASSIGNMENTS.map((assignment) => ({
      componentId: ids.component[assignment.component],
      organisationId: ids.organisation[assignment.organisation],
      duty: assignment.duty,
      boundary: assignment.boundary,
      note: assignment.note,
      contractReference: assignment.contractReference ?? null,
    })),
  );
}

/**
 * The organisations the map names for some components, with their duties: each component's own
 * assignments and those inherited from its ancestors (what the report flow derives).
 */
function dutiesFromMap(components: ComponentKey[]): Map<OrganisationKey, Set<Duty>> {
  const parentOf = new Map(COMPONENTS.map((component) => [component.key, component.parent]));
  const duties = new Map<OrganisationKey, Set<Duty>>();
  for (const start of components) {
    for (let key: ComponentKey | null | undefined = start; key; key = parentOf.get(key)) {
      for (const assignment of ASSIGNMENTS.filter((candidate) => candidate.component === key)) {
        const set = duties.get(assignment.organisation) ?? new Set<Duty>();
        set.add(assignment.duty);
        duties.set(assignment.organisation, set);
      }
    }
  }
  return duties;
}

interface TimelineDraft {
  at: Date;
  kind: TimelineEntryKind;
  by: UserKey;
  message: string;
}

async function insertIncident(
  manager: EntityManager,
  ids: Ids,
  seed: IncidentSeed,
  number: number,
): Promise<void> {
  const incidentId = randomUUID();
  const reportedAt = new Date(seed.reportedAt);
  const user = new Map(USERS.map((candidate) => [candidate.key, candidate]));
  const organisationName = new Map(
    ORGANISATIONS.map((organisation) => [organisation.key, organisation.nameJa]),
  );
  const reporter = user.get(seed.reporter)!;

  // Participants: the map's organisations, plus the reporter's organisation if the map does not name it.
  const mapDuties = dutiesFromMap(seed.components);
  const participants = [...mapDuties].map(([organisation, duties]) => ({
    organisation,
    duties: DUTY_ORDER.filter((duty) => duties.has(duty)),
    source: ParticipantSource.MAP,
  }));
  if (!mapDuties.has(reporter.organisation)) {
    participants.push({
      organisation: reporter.organisation,
      duties: [],
      source: ParticipantSource.REPORTER,
    });
  }

  // The timeline, gathered from every part of the seed and then put in time order.
  const timeline: TimelineDraft[] = [
    {
      at: reportedAt,
      kind: TimelineEntryKind.REPORTED,
      by: seed.reporter,
      message: `インシデントを報告：${seed.title}。責任分担マップから関係組織 ${mapDuties.size} 件を特定。`,
    },
  ];
  let previous = IncidentStatus.NEW;
  for (const phase of seed.phases) {
    timeline.push({
      at: new Date(phase.at),
      kind: TimelineEntryKind.STATUS_CHANGED,
      by: phase.by,
      message: `ステータスを「${STATUS_LABEL[previous]}」から「${STATUS_LABEL[phase.status]}」に変更。${phase.message}`,
    });
    previous = phase.status;
  }
  for (const member of seed.members) {
    timeline.push({
      at: new Date(member.at),
      kind: TimelineEntryKind.ROLE_ASSIGNED,
      by: member.by,
      message: `${user.get(member.user)!.displayName} を${ROLE_LABEL[member.role]}に指名。`,
    });
  }
  for (const task of seed.tasks) {
    const assignee = organisationName.get(task.assignee)!;
    timeline.push({
      at: new Date(task.createdAt),
      kind: TimelineEntryKind.TASK_CREATED,
      by: task.createdBy,
      message: `タスクを作成：「${task.title}」（担当：${assignee}）。`,
    });
    if (task.status === TaskStatus.DONE && task.completedAt) {
      timeline.push({
        at: new Date(task.completedAt),
        kind: TimelineEntryKind.TASK_UPDATED,
        by: task.assigneeUser ?? task.createdBy,
        message: `タスクを完了：「${task.title}」。`,
      });
    } else if (task.status === TaskStatus.IN_PROGRESS) {
      timeline.push({
        at: new Date(new Date(task.createdAt).getTime() + 60 * 60 * 1000),
        kind: TimelineEntryKind.TASK_UPDATED,
        by: task.assigneeUser ?? task.createdBy,
        message: `タスクに着手：「${task.title}」。`,
      });
    }
  }
  for (const event of seed.events) {
    timeline.push({ at: new Date(event.at), kind: event.kind, by: event.by, message: event.message });
  }
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime());

  // Phase timestamps follow the status changes.
  const phaseTimes: Partial<Record<PhaseColumn, Date>> = {};
  for (const phase of seed.phases) {
    const column = PHASE_COLUMN[phase.status];
    if (column) phaseTimes[column] = new Date(phase.at);
  }

  await manager.insert(IncidentEntity, {
    id: incidentId,
    reference: `INC-${DEMO_YEAR}-${String(number).padStart(4, '0')}`,
    title: seed.title,
    description: seed.description,
    severity: seed.severity,
    category: seed.category,
    incidentTypeId: seed.incidentTypeId,
    detectionSource: seed.detectionSource,
    personalDataInvolved: seed.personalDataInvolved,
    safetyImpact: seed.safetyImpact,
    tlp: seed.tlp,
    status: previous,
    reportedAt,
    detectedAt: new Date(seed.detectedAt),
    triagedAt: null,
    respondingAt: null,
    containedAt: null,
    recoveringAt: null,
    resolvedAt: null,
    closedAt: null,
    reopenedAt: null,
    ...phaseTimes,
    reporterUserId: ids.user[seed.reporter],
    reporterApiKeyId: null,
    reporterOrganisationId: ids.organisation[reporter.organisation],
    dedupKey: null,
    occurrenceCount: 1,
    lastOccurrenceAt: reportedAt,
    createdAt: reportedAt,
    updatedAt: timeline[timeline.length - 1].at,
    version: 1,
  });

  await manager.insert(
    IncidentComponentEntity,
    seed.components.map((component) => ({
      incidentId,
      componentId: ids.component[component],
      addedAt: reportedAt,
    })),
  );
  await manager.insert(
    IncidentParticipantEntity,
    participants.map((participant) => ({
      incidentId,
      organisationId: ids.organisation[participant.organisation],
      duties: participant.duties,
      source: participant.source,
      addedAt: reportedAt,
    })),
  );
  if (seed.members.length > 0) {
    await manager.insert(
      IncidentMemberEntity,
      seed.members.map((member) => ({
        incidentId,
        userId: ids.user[member.user],
        role: member.role,
        addedAt: new Date(member.at),
      })),
    );
  }
  if (seed.tasks.length > 0) {
    await manager.insert(
      IncidentTaskEntity,
      seed.tasks.map((task) => ({
        incidentId,
        title: task.title,
        description: task.description,
        status: task.status,
        assigneeOrganisationId: ids.organisation[task.assignee],
        assigneeUserId: task.assigneeUser ? ids.user[task.assigneeUser] : null,
        dueAt: task.dueAt ? new Date(task.dueAt) : null,
        completedAt: task.completedAt ? new Date(task.completedAt) : null,
        createdById: ids.user[task.createdBy],
        createdAt: new Date(task.createdAt),
        updatedAt: new Date(task.completedAt ?? task.createdAt),
      })),
    );
  }
  // One statement, in time order, so the sequence numbers follow the clock.
  await manager.insert(
    TimelineEntryEntity,
    timeline.map((entry) => {
      const actor = user.get(entry.by)!;
      return {
        incidentId,
        occurredAt: entry.at,
        kind: entry.kind,
        actorKind: 'user' as const,
        actorId: ids.user[entry.by],
        actorName: actor.displayName,
        actorOrganisationId: ids.organisation[actor.organisation],
        message: entry.message,
        data: {},
      };
    }),
  );
}
