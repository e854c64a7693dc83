import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  FieldNode,
  GraphQLObjectType,
  GraphQLSchema,
  OperationDefinitionNode,
  getNamedType,
  isLeafType,
  parse,
} from 'graphql';
import { PERMISSION_KEY, PUBLIC_KEY, Permission, ROLE_PERMISSIONS } from '@renkei/core/auth/permissions';
import { PlatformRole } from '@renkei/core/context/actor';
import { ContactKind, GuidelineRole, RelationshipKind } from '@renkei/directory/directory.enums';
import { OrganisationRelationshipEntity } from '@renkei/directory/entities/organisation-relationship.entity';
import { ensureStatutoryRules } from '@renkei/obligations/statutory-rules';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { GraphqlResult, TestApp, startTestApp } from '../support/test-app';

/**
 * "A test walks every GraphQL operation × role × own/other organisation × TLP and fails on any leak
 * or on an operation that declares no permission."
 *
 * - QUERIES and MUTATIONS list every operation with the permission it must declare, harmless
 *   arguments to probe it and how its isolation is checked; the test fails when the schema has an
 *   operation the tables lack, when a resolver handler (found in the running app) declares no
 *   permission or another one than the table says, or when an operation open to non-city-wide roles
 *   has no isolation check here.
 * - The permission matrix: every operation × every role answers FORBIDDEN exactly when the role lacks
 *   the permission (ROLE_PERMISSIONS); without credentials (or with a forged token), every non-public
 *   one is UNAUTHENTICATED.
 * - Isolation: a small city (promotion body P, organisations A and B, contractor C) with one incident
 *   per TLP reported by A and one by B. `expectedVisible` — written here from the product rules,
 *   independent of the product's SQL — says who may see what; every incident read (list with each
 *   filter, get by id, get by reference, nested fields) must return exactly that, a single get of an
 *   invisible incident is NOT_FOUND, every mutation of one is NOT_FOUND (FORBIDDEN without the
 *   permission) and leaves the database unchanged, reporting with its dedupKey neither reveals nor
 *   touches it, and no response carries an id, reference, title, dedupKey or task id the caller may
 *   not see. Directory and map reads of non-city-wide users return exactly their organisation's
 *   records and never another's; contact writes on another organisation's contacts are refused.
 * - Alerting: the incidents' alerts are the recipient organisation's (and the promotion body's), the
 *   escalations of an organisation's own policy and that policy itself likewise (escalationPolicies
 *   lists the city's and one's own); acknowledging needs a visible incident (NOT_FOUND otherwise) that
 *   one's organisation was alerted about (FORBIDDEN otherwise), and changes nothing when refused.
 * - Exercises: the promotion body runs tabletop exercises with A, B or both taking part; each sees the
 *   exercises its organisation organises or takes part in (city-wide roles: all), a player only the
 *   injects sent to it, its own responses and improvement items and no ratings; any other exercise is
 *   NOT_FOUND for reads and writes alike, and so is a record of a visible exercise a player may not see.
 *
 * Failures are collected and reported together, each naming the operation, the caller (ROLE@org)
 * and the incident (org/TLP) or record concerned.
 */

type OrgKey = 'P' | 'A' | 'B' | 'C';
/** Who an escalation chases for: the city's policy, or an organisation's own. */
type Scope = 'city' | OrgKey;
const TLPS = ['RED', 'AMBER_STRICT', 'AMBER', 'GREEN', 'CLEAR'] as const;
type TlpName = (typeof TLPS)[number];
const ROLES = Object.values(PlatformRole);
/** A UUID that names nothing. */
const UNKNOWN = '0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e';

interface Person {
  label: string;
  role: PlatformRole;
  org: OrgKey;
  id: string;
  email: string;
  token: string;
}

interface ModelIncident {
  label: string;
  org: OrgKey;
  tlp: TlpName;
  id: string;
  reference: string;
  title: string;
  dedupKey: string;
  componentId: string;
  taskId: string;
  /** Its APPI preliminary report (速報): every incident here involves personal data. */
  obligationId: string;
  /** A draft statement to residents on it. */
  statementId: string;
  reporter: Person;
  participants: Set<OrgKey>;
  /** [userId, incident role] */
  members: [string, string][];
  /** Organisations its escalation alerted (one engagement each); every alert is to one of them. */
  alerted: Set<OrgKey>;
  /** The escalations chasing it: the city's, and those of organisations' own policies. */
  escalationScopes: Set<Scope>;
}

interface ModelAlert {
  id: string;
  incidentId: string;
  org: OrgKey;
  deliveryIds: string[];
}

interface ModelEscalation {
  id: string;
  incidentId: string;
  scope: Scope;
}

interface ModelComponent {
  key: string;
  id: string;
  operator: OrgKey | null;
}

interface ModelAssignment {
  id: string;
  componentId: string;
  org: OrgKey;
  duty: Duty;
}

interface ModelContact {
  id: string;
  org: OrgKey;
  kind: ContactKind;
  email: string;
  stale: boolean;
}

/** A tabletop exercise organised by the promotion body (P), and what was written in it. */
interface ModelExercise {
  label: string;
  id: string;
  title: string;
  description: string;
  organiser: OrgKey;
  /** The participating organisations' exercise roles. */
  participants: Partial<Record<OrgKey, string>>;
  /** K1 (sent to the players) and K2 (pending), in order; each sent one carried by a drill incident. */
  injects: { id: string; key: string; incidentId: string | null; recipients: OrgKey[] }[];
  /** A response of each playing organisation. */
  responses: { id: string; org: OrgKey; text: string }[];
  /** The evaluator's rating of K1's expected action (its id), and the notes of it and of the objective's. */
  ratingIds: string[];
  actionNote: string;
  objectiveNote: string;
  /**
   * Improvement items: one owned by each playing organisation and one by C (with unique titles), and
   * those the after-action report generated from the findings when it finished (title not modelled).
   */
  items: { id: string; owner: OrgKey; title: string | null }[];
  finished: boolean;
  version: number;
}

interface ModelRelationship {
  id: string;
  client: OrgKey;
  contractor: OrgKey;
}

interface World {
  orgs: Record<OrgKey, string>;
  /** The PPC, seeded with the APPI rule: directory data every city-wide reader sees. */
  authorityId: string;
  people: Person[];
  admin: Person;
  coordinator: Person;
  responderA: Person;
  stakeholderA: Person;
  viewerA: Person;
  responderB: Person;
  components: Record<string, ModelComponent>;
  assignments: ModelAssignment[];
  contacts: ModelContact[];
  relationships: ModelRelationship[];
  incidents: ModelIncident[];
  /** The current version of Renkei's personal data example runbook (seeded by the migrations). */
  exampleVersionId: string;
  /** The city's escalation policies (seeded by the migrations). */
  cityPolicyIds: string[];
  /** B's own escalation policy (an override for B's incidents). */
  overridePolicy: { id: string; name: string; org: OrgKey };
  /** Each organisation's self-assessment answer to IR-1: its entry id and a unique 実装方法 text. */
  assessments: Record<OrgKey, { id: string; method: string }>;
  /** The alerts and escalations written when the incidents were reported. */
  alerts: ModelAlert[];
  escalations: ModelEscalation[];
}

// ---------------------------------------------------------------------------------------------------
// The oracle: the product brief's rules, from the fixture model only.
// ---------------------------------------------------------------------------------------------------

function isCityWide(person: Person): boolean {
  return person.role === PlatformRole.ADMIN || person.role === PlatformRole.COORDINATOR;
}

/** TLP:RED: named people only (even city-wide roles); otherwise city-wide roles see everything, others
 * their participating incidents (AMBER+STRICT, AMBER) and every GREEN and CLEAR one. */
function expectedVisible(person: Person, incident: ModelIncident): boolean {
  if (incident.members.some(([userId]) => userId === person.id)) return true;
  if (incident.tlp === 'RED') return false;
  if (isCityWide(person)) return true;
  if (incident.tlp === 'GREEN' || incident.tlp === 'CLEAR') return true;
  return incident.participants.has(person.org);
}

function roleHas(role: PlatformRole, permission: Permission | 'PUBLIC'): boolean {
  return permission === 'PUBLIC' || ROLE_PERMISSIONS[role].has(permission);
}

function componentVisible(w: World, person: Person, component: ModelComponent): boolean {
  if (isCityWide(person)) return true;
  return (
    component.operator === person.org ||
    w.assignments.some((a) => a.componentId === component.id && a.org === person.org)
  );
}

function contactVisible(person: Person, contact: ModelContact): boolean {
  return isCityWide(person) || contact.org === person.org;
}

function relationshipVisible(person: Person, relationship: ModelRelationship): boolean {
  return isCityWide(person) || relationship.client === person.org || relationship.contractor === person.org;
}

function organisationVisible(person: Person, org: OrgKey): boolean {
  return isCityWide(person) || org === person.org;
}

/** An alert (who was told, at which address, with what result) is its recipient organisation's. */
function alertVisible(person: Person, org: OrgKey): boolean {
  return isCityWide(person) || org === person.org;
}

/** City policies (and the city's escalations) are everyone's; an organisation's own are its own. */
function scopeVisible(person: Person, scope: Scope): boolean {
  return scope === 'city' || isCityWide(person) || scope === person.org;
}

/** Who sees an exercise: the promotion body's staff (city-wide), its organiser and its participants. */
function exerciseVisible(person: Person, x: ModelExercise): boolean {
  return isCityWide(person) || person.org === x.organiser || x.participants[person.org] !== undefined;
}

/** Who sees every side of it: city-wide roles, the organiser, facilitators, evaluators and observers. */
function exerciseStaff(person: Person, x: ModelExercise): boolean {
  const role = x.participants[person.org];
  return (
    isCityWide(person) ||
    person.org === x.organiser ||
    role === 'FACILITATOR' ||
    role === 'EVALUATOR' ||
    role === 'OBSERVER'
  );
}

/** Strings of exercises a person must not receive: invisible exercises whole, a player's unseen side. */
function exerciseSecrets(person: Person, exercises: ModelExercise[]): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const x of exercises) {
    const hidden = !exerciseVisible(person, x);
    if (!hidden && exerciseStaff(person, x)) continue;
    const what = `${hidden ? 'exercise' : 'the unseen side of exercise'} ${x.label}`;
    if (hidden) for (const value of [x.id, x.title, x.description]) secrets.set(value, what);
    for (const i of x.injects.filter((i) => hidden || !i.recipients.includes(person.org))) {
      secrets.set(i.id, `inject ${i.key} of ${what}`);
      if (i.incidentId) secrets.set(i.incidentId, `drill incident of inject ${i.key} of ${what}`);
    }
    for (const r of x.responses.filter((r) => hidden || r.org !== person.org)) {
      secrets.set(r.id, `response of ${r.org} in ${what}`);
      secrets.set(r.text, `text of a response of ${r.org} in ${what}`);
    }
    for (const value of [...x.ratingIds, x.actionNote, x.objectiveNote])
      secrets.set(value, `rating in ${what}`);
    for (const item of x.items.filter((item) => hidden || item.owner !== person.org)) {
      secrets.set(item.id, `improvement item of ${item.owner} in ${what}`);
      if (item.title) secrets.set(item.title, `title of an improvement item of ${item.owner} in ${what}`);
    }
  }
  return secrets;
}

/** Strings a non-city-wide person must never receive from a directory or map read. */
function foreignDirectoryRecords(w: World, person: Person): Map<string, string> {
  const secrets = new Map<string, string>();
  if (isCityWide(person)) return secrets;
  const linked = new Set<OrgKey>([person.org]);
  for (const r of w.relationships.filter((r) => relationshipVisible(person, r))) {
    linked.add(r.client);
    linked.add(r.contractor);
  }
  for (const [key, id] of Object.entries(w.orgs) as [OrgKey, string][]) {
    if (!linked.has(key)) secrets.set(id, `organisation ${key}`);
  }
  for (const p of w.people.filter((p) => p.org !== person.org)) {
    secrets.set(p.id, `user ${p.label}`);
    secrets.set(p.email, `email of user ${p.label}`);
  }
  for (const c of w.contacts.filter((c) => !contactVisible(person, c))) {
    secrets.set(c.id, `contact of ${c.org}`);
    secrets.set(c.email, `email of a contact of ${c.org}`);
  }
  for (const c of Object.values(w.components).filter((c) => !componentVisible(w, person, c))) {
    secrets.set(c.id, `component ${c.key}`);
  }
  for (const a of w.assignments.filter((a) => a.org !== person.org)) {
    secrets.set(a.id, `assignment of ${a.org}`);
  }
  for (const r of w.relationships.filter((r) => !relationshipVisible(person, r))) {
    secrets.set(r.id, `relationship ${r.client}→${r.contractor}`);
  }
  if (!scopeVisible(person, w.overridePolicy.org)) {
    secrets.set(w.overridePolicy.id, `escalation policy of ${w.overridePolicy.org}`);
    secrets.set(w.overridePolicy.name, `name of the escalation policy of ${w.overridePolicy.org}`);
  }
  return secrets;
}

/** Strings of the incidents a person must not see. */
function invisibleIncidentRecords(w: World, person: Person): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const i of w.incidents.filter((i) => !expectedVisible(person, i))) {
    for (const value of [i.id, i.reference, i.title, i.dedupKey, i.taskId, i.obligationId, i.statementId]) {
      secrets.set(value, `incident ${i.label}`);
    }
  }
  return secrets;
}

/**
 * Strings of the incident reads a person must not receive: those of invisible incidents, and the
 * alerts, deliveries (webhook-ids), escalations and own policy of other organisations.
 */
function incidentReadSecrets(w: World, person: Person): Map<string, string> {
  const secrets = invisibleIncidentRecords(w, person);
  for (const a of w.alerts.filter((a) => !alertVisible(person, a.org))) {
    secrets.set(a.id, `alert to ${a.org}`);
    for (const id of a.deliveryIds) secrets.set(id, `delivery to ${a.org}`);
  }
  for (const e of w.escalations.filter((e) => !scopeVisible(person, e.scope))) {
    secrets.set(e.id, `escalation of ${e.scope}`);
  }
  if (!scopeVisible(person, w.overridePolicy.org)) {
    secrets.set(w.overridePolicy.id, `escalation policy of ${w.overridePolicy.org}`);
    secrets.set(w.overridePolicy.name, `name of the escalation policy of ${w.overridePolicy.org}`);
  }
  return secrets;
}

/** Failures for any secret in the response that the caller did not send itself. */
function scan(
  label: string,
  variables: Record<string, unknown>,
  result: unknown,
  secrets: Map<string, string>,
): string[] {
  const sent = JSON.stringify(variables);
  const text = JSON.stringify(result);
  const found: string[] = [];
  for (const [value, what] of secrets) {
    if (!sent.includes(value) && text.includes(value)) found.push(`${label}: LEAK of ${what} (${value})`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------
// The operation table: every Query and Mutation, the permission it must declare, harmless probe
// arguments (they fail after the guard — validation, unknown ids — or change nothing that matters),
// and how its tenant isolation is checked.
// ---------------------------------------------------------------------------------------------------

/**
 * incident / directory: org- or TLP-scoped, checked below; report: reportIncident, whose dedupKey
 * may meet an incident the reporter cannot see (the dedup test); contact: org-scoped contact writes,
 * checked below; runbook: the runbook library and lessons-learned actions (owner's and published
 * city-wide runbooks; findings follow their incident), checked by the runbook test; reference: the
 * same for everyone (guideline data, settings); self: acts on the caller's own account only; public:
 * no authentication; assessment: org-scoped self-assessment writes, checked below; exercise: exercises
 * and what is written in them (organiser's, participants' and city-wide; a player its own side), checked
 * by the exercise test. Operations without an isolation kind must be reachable by city-wide roles only
 * (the test checks that).
 */
type Isolation =
  | 'incident'
  | 'report'
  | 'directory'
  | 'contact'
  | 'assessment'
  | 'runbook'
  | 'exercise'
  | 'reference'
  | 'self'
  | 'public';

interface OperationSpec {
  permission: Permission | 'PUBLIC';
  isolation?: Isolation;
  probe: (w: World) => Record<string, unknown>;
}

const P = Permission;
const none = () => ({});

const QUERIES: Record<string, OperationSpec> = {
  accountReview: { permission: P.ACCOUNT_REVIEW, probe: none },
  apiKeys: { permission: P.API_KEY_MANAGE, probe: none },
  auditEvents: { permission: P.AUDIT_READ, probe: () => ({ page: { first: 1 } }) },
  checkSheetItems: { permission: P.GUIDELINE_READ, isolation: 'reference', probe: none },
  component: { permission: P.MAP_READ, isolation: 'directory', probe: () => ({ id: UNKNOWN }) },
  components: { permission: P.MAP_READ, isolation: 'directory', probe: none },
  contacts: { permission: P.DIRECTORY_READ, isolation: 'directory', probe: none },
  cpsfMeasures: { permission: P.GUIDELINE_READ, isolation: 'reference', probe: none },
  deadLetters: { permission: P.ALERT_OPERATE, probe: () => ({ page: { first: 1 } }) },
  // City policies and one's own organisation's: checked with the directory reads.
  escalationPolicies: { permission: P.INCIDENT_READ, isolation: 'directory', probe: none },
  eventIntegrations: { permission: P.API_KEY_MANAGE, probe: none },
  exercise: { permission: P.EXERCISE_READ, isolation: 'exercise', probe: () => ({ id: UNKNOWN }) },
  // The scenario library (examples and the city's own) is the same for everyone.
  // The planners' library (players must not read the injects to come): city-wide roles only.
  exerciseScenario: { permission: P.EXERCISE_MANAGE, probe: () => ({ id: UNKNOWN }) },
  exerciseScenarios: { permission: P.EXERCISE_MANAGE, probe: none },
  exercises: { permission: P.EXERCISE_READ, isolation: 'exercise', probe: none },
  guidelineEditions: { permission: P.GUIDELINE_READ, isolation: 'reference', probe: none },
  guidelineRoles: { permission: P.DIRECTORY_READ, isolation: 'reference', probe: none },
  incident: { permission: P.INCIDENT_READ, isolation: 'incident', probe: () => ({ id: UNKNOWN }) },
  incidentMetrics: {
    permission: P.INCIDENT_READ,
    isolation: 'incident',
    probe: () => ({ input: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' } }),
  },
  incidentReport: {
    permission: P.INCIDENT_READ,
    isolation: 'incident',
    probe: () => ({ incidentId: UNKNOWN }),
  },
  incidentTypes: { permission: P.INCIDENT_READ, isolation: 'reference', probe: none },
  incidents: { permission: P.INCIDENT_READ, isolation: 'incident', probe: none },
  // The city's published inquiry windows (public on the status page anyway).
  inquiryContacts: { permission: P.INCIDENT_READ, isolation: 'reference', probe: none },
  me: { permission: P.SELF, isolation: 'self', probe: none },
  mfaRequirements: { permission: P.ACCOUNT_REVIEW, probe: none },
  // Overdue obligations of the incidents one may see: checked with the incident reads.
  overdueObligations: { permission: P.INCIDENT_READ, isolation: 'incident', probe: none },
  organisation: { permission: P.DIRECTORY_READ, isolation: 'directory', probe: () => ({ id: UNKNOWN }) },
  organisationRelationships: { permission: P.DIRECTORY_READ, isolation: 'directory', probe: none },
  organisations: { permission: P.DIRECTORY_READ, isolation: 'directory', probe: none },
  publicStatements: {
    permission: P.INCIDENT_READ,
    isolation: 'incident',
    probe: () => ({ incidentId: UNKNOWN }),
  },
  // The city's report templates: the same for everyone.
  reportTemplates: { permission: P.INCIDENT_READ, isolation: 'reference', probe: none },
  partiesForComponents: {
    permission: P.MAP_READ,
    isolation: 'directory',
    probe: () => ({ input: { componentIds: [UNKNOWN] } }),
  },
  responsibilityGaps: { permission: P.MAP_READ, isolation: 'directory', probe: none },
  runbook: { permission: P.RUNBOOK_READ, isolation: 'runbook', probe: () => ({ id: UNKNOWN }) },
  runbooks: { permission: P.RUNBOOK_READ, isolation: 'runbook', probe: none },
  responsibilityMatrix: { permission: P.MAP_READ, isolation: 'directory', probe: none },
  // One's own organisation's self-assessment; city-wide roles any: checked with the directory reads.
  selfAssessment: {
    permission: P.SELF_ASSESSMENT_READ,
    isolation: 'directory',
    probe: () => ({ organisationId: UNKNOWN }),
  },
  selfAssessmentOverview: { permission: P.SELF_ASSESSMENT_READ, isolation: 'directory', probe: none },
  severityDefinitions: { permission: P.INCIDENT_READ, isolation: 'reference', probe: none },
  staleContacts: { permission: P.DIRECTORY_READ, isolation: 'directory', probe: none },
  reportingRules: { permission: P.INCIDENT_READ, isolation: 'reference', probe: none },
  suggestedRunbooks: {
    permission: P.INCIDENT_READ,
    isolation: 'incident',
    probe: () => ({ incidentId: UNKNOWN }),
  },
  subcontractChain: {
    permission: P.DIRECTORY_READ,
    isolation: 'directory',
    probe: () => ({ organisationId: UNKNOWN }),
  },
  users: { permission: P.DIRECTORY_READ, isolation: 'directory', probe: none },
  verifyAuditChain: { permission: P.AUDIT_READ, probe: none },
};

const MUTATIONS: Record<string, OperationSpec> = {
  acknowledgeIncident: {
    permission: P.ALERT_ACKNOWLEDGE,
    isolation: 'incident',
    probe: () => ({ incidentId: UNKNOWN }),
  },
  addIncidentComponents: {
    permission: P.INCIDENT_MANAGE,
    isolation: 'incident',
    probe: (w) => ({ id: UNKNOWN, componentIds: [w.components.x.id] }),
  },
  addIncidentNote: {
    permission: P.INCIDENT_CONTRIBUTE,
    isolation: 'incident',
    probe: () => ({ id: UNKNOWN, input: { message: 'probe' } }),
  },
  addReviewFinding: {
    permission: P.INCIDENT_MANAGE,
    isolation: 'incident',
    probe: (w) => ({
      incidentId: UNKNOWN,
      input: {
        finding: 'probe',
        actionKind: 'ADD_DRILL_SCENARIO',
        drillScenario: 'probe',
        ownerOrganisationId: w.orgs.A,
      },
    }),
  },
  addIncidentParticipant: {
    permission: P.INCIDENT_MANAGE,
    isolation: 'incident',
    probe: (w) => ({ id: UNKNOWN, organisationId: w.orgs.C }),
  },
  assignIncidentRole: {
    permission: P.INCIDENT_MANAGE,
    isolation: 'incident',
    probe: (w) => ({ id: UNKNOWN, input: { userId: w.viewerA.id, role: 'LIAISON' } }),
  },
  approvePublicStatement: { permission: P.PUBLIC_INFORMATION_MANAGE, probe: () => ({ id: UNKNOWN }) },
  applyRunbook: {
    permission: P.INCIDENT_MANAGE,
    isolation: 'incident',
    probe: (w) => ({ incidentId: UNKNOWN, runbookVersionId: w.exampleVersionId }),
  },
  assignResponsibility: {
    permission: P.MAP_MANAGE,
    probe: () => ({ input: { componentId: UNKNOWN, organisationId: UNKNOWN, duty: 'INFORMED' } }),
  },
  changePassword: {
    permission: P.SELF,
    isolation: 'self',
    probe: () => ({ input: { currentPassword: 'wrong', newPassword: 'short' } }),
  },
  confirmTotpEnrollment: { permission: P.SELF, isolation: 'self', probe: () => ({ code: 'abcdef' }) },
  copyRunbook: {
    permission: P.RUNBOOK_WRITE,
    isolation: 'runbook',
    probe: () => ({ runbookId: UNKNOWN, input: { scope: 'STAKEHOLDER' } }),
  },
  createApiKey: {
    permission: P.API_KEY_MANAGE,
    probe: () => ({ input: { name: ' ', organisationId: UNKNOWN, role: 'VIEWER' } }),
  },
  createComponent: {
    permission: P.MAP_MANAGE,
    probe: () => ({ input: { nameJa: ' ', nameEn: 'x', category: 'ASSET', kind: 'DEVICE' } }),
  },
  createContact: {
    permission: P.CONTACT_WRITE,
    isolation: 'contact',
    probe: () => ({
      input: {
        organisationId: UNKNOWN,
        type: 'FUNCTION',
        kind: 'TECHNICAL',
        name: ' ',
        email: 'x@example.jp',
      },
    }),
  },
  createEscalationPolicy: {
    permission: P.ESCALATION_POLICY_MANAGE,
    probe: () => ({ input: { name: 'probe', steps: [] } }),
  },
  createEventIntegration: {
    permission: P.API_KEY_MANAGE,
    probe: () => ({ input: { name: ' ', apiKeyId: UNKNOWN, componentId: UNKNOWN } }),
  },
  createIncidentTask: {
    permission: P.INCIDENT_MANAGE,
    isolation: 'incident',
    probe: () => ({ incidentId: UNKNOWN, input: { title: 'probe' } }),
  },
  createReportingRule: {
    permission: P.REPORTING_RULE_MANAGE,
    probe: () => ({
      input: {
        key: 'x',
        nameJa: 'x',
        nameEn: 'x',
        authorityOrganisationId: UNKNOWN,
        trigger: [],
        stages: [],
      },
    }),
  },
  createInquiryContact: {
    permission: P.PUBLIC_INFORMATION_MANAGE,
    probe: () => ({ input: { nameJa: ' ' } }),
  },
  createReportTemplate: {
    permission: P.REPORT_TEMPLATE_MANAGE,
    probe: () => ({ input: { name: ' ', languages: ['JA'], sections: ['SUMMARY'] } }),
  },
  createRunbook: {
    permission: P.RUNBOOK_WRITE,
    isolation: 'runbook',
    probe: () => ({ input: { scope: 'STAKEHOLDER', content: { titleJa: ' ', titleEn: 'x', steps: [] } } }),
  },
  createRunbookDraft: {
    permission: P.RUNBOOK_WRITE,
    isolation: 'runbook',
    probe: () => ({ runbookId: UNKNOWN }),
  },
  createOrganisation: {
    permission: P.DIRECTORY_MANAGE,
    probe: () => ({ input: { nameJa: ' ', nameEn: 'x', guidelineRoles: ['SERVICE_USER'] } }),
  },
  createOrganisationRelationship: {
    permission: P.DIRECTORY_MANAGE,
    probe: () => ({
      input: { kind: 'PARTNERSHIP', clientOrganisationId: UNKNOWN, contractorOrganisationId: UNKNOWN },
    }),
  },
  createUser: {
    permission: P.USER_MANAGE,
    probe: () => ({
      input: { email: 'nope', displayName: 'x', organisationId: UNKNOWN, role: 'VIEWER', password: 'x' },
    }),
  },
  defineSeverity: { permission: P.SETTINGS_MANAGE, probe: () => ({ input: { level: 'SEV1' } }) },
  deleteComponent: { permission: P.MAP_MANAGE, probe: () => ({ id: UNKNOWN }) },
  deleteContact: { permission: P.CONTACT_WRITE, isolation: 'contact', probe: () => ({ id: UNKNOWN }) },
  deleteEscalationPolicy: { permission: P.ESCALATION_POLICY_MANAGE, probe: () => ({ id: UNKNOWN }) },
  deleteInquiryContact: { permission: P.PUBLIC_INFORMATION_MANAGE, probe: () => ({ id: UNKNOWN }) },
  deleteReportTemplate: { permission: P.REPORT_TEMPLATE_MANAGE, probe: () => ({ id: UNKNOWN }) },
  deleteOrganisationRelationship: { permission: P.DIRECTORY_MANAGE, probe: () => ({ id: UNKNOWN }) },
  draftPublicStatement: {
    permission: P.PUBLIC_STATEMENT_DRAFT,
    isolation: 'incident',
    probe: () => ({ incidentId: UNKNOWN, input: { titleJa: 'probe', bodyJa: 'probe' } }),
  },
  disableTotp: { permission: P.SELF, isolation: 'self', probe: () => ({ code: 'abcdef' }) },
  enableWebhook: {
    permission: P.CONTACT_WRITE,
    isolation: 'contact',
    probe: () => ({ contactId: UNKNOWN }),
  },
  login: {
    permission: 'PUBLIC',
    isolation: 'public',
    probe: () => ({ input: { email: 'not-an-email', password: 'x' } }),
  },
  logout: { permission: 'PUBLIC', isolation: 'public', probe: () => ({ refreshToken: 'garbage' }) },
  recordCommissionerNotified: {
    permission: P.INCIDENT_CONTRIBUTE,
    isolation: 'incident',
    probe: () => ({ id: UNKNOWN }),
  },
  proposeRunbookChange: {
    permission: P.RUNBOOK_WRITE,
    isolation: 'runbook',
    probe: () => ({ findingId: UNKNOWN }),
  },
  publishRunbook: {
    permission: P.RUNBOOK_WRITE,
    isolation: 'runbook',
    probe: () => ({ runbookId: UNKNOWN }),
  },
  redriveAlert: { permission: P.ALERT_OPERATE, probe: () => ({ alertId: UNKNOWN }) },
  refreshSession: { permission: 'PUBLIC', isolation: 'public', probe: () => ({ refreshToken: 'garbage' }) },
  removeAssignment: { permission: P.MAP_MANAGE, probe: () => ({ id: UNKNOWN }) },
  removeIncidentComponent: {
    permission: P.INCIDENT_MANAGE,
    isolation: 'incident',
    probe: (w) => ({ id: UNKNOWN, componentId: w.components.a.id }),
  },
  removeIncidentParticipant: {
    permission: P.INCIDENT_MANAGE,
    isolation: 'incident',
    probe: (w) => ({ id: UNKNOWN, organisationId: w.orgs.A }),
  },
  removeIncidentRole: {
    permission: P.INCIDENT_MANAGE,
    isolation: 'incident',
    probe: (w) => ({ id: UNKNOWN, input: { userId: w.viewerA.id, role: 'LIAISON' } }),
  },
  reportIncident: {
    permission: P.INCIDENT_REPORT,
    isolation: 'report',
    probe: () => ({ input: { title: ' ', severity: 'SEV4', category: 'OTHER' } }),
  },
  resetUserTotp: { permission: P.USER_MANAGE, probe: () => ({ id: UNKNOWN }) },
  retireRunbook: { permission: P.RUNBOOK_WRITE, isolation: 'runbook', probe: () => ({ runbookId: UNKNOWN }) },
  revokeApiKey: { permission: P.API_KEY_MANAGE, probe: () => ({ id: UNKNOWN }) },
  revokeEventIntegration: { permission: P.API_KEY_MANAGE, probe: () => ({ id: UNKNOWN }) },
  rotateWebhookSecret: {
    permission: P.CONTACT_WRITE,
    isolation: 'contact',
    probe: () => ({ contactId: UNKNOWN }),
  },
  setSelfAssessmentItem: {
    permission: P.SELF_ASSESSMENT_WRITE,
    isolation: 'assessment',
    probe: () => ({
      input: { organisationId: UNKNOWN, itemKey: 'IR-1', status: 'IMPLEMENTED', expectedVersion: 0 },
    }),
  },
  savePostIncidentReview: {
    permission: P.INCIDENT_MANAGE,
    isolation: 'incident',
    probe: () => ({ incidentId: UNKNOWN, input: { summary: 'probe' } }),
  },
  // Idempotent: VIEWER does not need a second factor before or after.
  setMfaRequirement: { permission: P.SETTINGS_MANAGE, probe: () => ({ role: 'VIEWER', required: false }) },
  // Stores a pending TOTP secret on the caller's own account; harmless until confirmed.
  startTotpEnrollment: { permission: P.SELF, isolation: 'self', probe: none },
  submitObligation: {
    permission: P.INCIDENT_CONTRIBUTE,
    isolation: 'incident',
    probe: () => ({ id: UNKNOWN, input: { reference: 'probe' } }),
  },
  transitionIncident: {
    permission: P.INCIDENT_MANAGE,
    isolation: 'incident',
    probe: () => ({ id: UNKNOWN, input: { status: 'TRIAGED' } }),
  },
  updateComponent: { permission: P.MAP_MANAGE, probe: () => ({ id: UNKNOWN, input: {} }) },
  updateContact: {
    permission: P.CONTACT_WRITE,
    isolation: 'contact',
    probe: () => ({ id: UNKNOWN, input: {} }),
  },
  updateEscalationPolicy: {
    permission: P.ESCALATION_POLICY_MANAGE,
    probe: () => ({
      id: UNKNOWN,
      input: {
        name: 'probe',
        steps: [{ escalateAfterSeconds: 60, targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'] }] }],
      },
    }),
  },
  updateIncident: {
    permission: P.INCIDENT_MANAGE,
    isolation: 'incident',
    probe: () => ({ id: UNKNOWN, input: { title: 'probe' } }),
  },
  updateIncidentTask: {
    permission: P.INCIDENT_CONTRIBUTE,
    isolation: 'incident',
    probe: () => ({ id: UNKNOWN, input: { title: 'probe' } }),
  },
  updateInquiryContact: {
    permission: P.PUBLIC_INFORMATION_MANAGE,
    probe: () => ({ id: UNKNOWN, input: { nameJa: 'probe', phone: '045-000-0000' } }),
  },
  updatePublicStatement: {
    permission: P.PUBLIC_STATEMENT_DRAFT,
    isolation: 'incident',
    probe: () => ({ id: UNKNOWN, input: { titleJa: 'probe', bodyJa: 'probe' } }),
  },
  updateReportTemplate: {
    permission: P.REPORT_TEMPLATE_MANAGE,
    probe: () => ({ id: UNKNOWN, input: { name: 'probe', languages: ['JA'], sections: ['SUMMARY'] } }),
  },
  updateReviewFinding: {
    permission: P.INCIDENT_CONTRIBUTE,
    isolation: 'runbook',
    probe: () => ({ id: UNKNOWN, input: { status: 'DONE' } }),
  },
  updateRunbookVersion: {
    permission: P.RUNBOOK_WRITE,
    isolation: 'runbook',
    probe: () => ({
      id: UNKNOWN,
      input: {
        titleJa: 'x',
        titleEn: 'x',
        steps: [{ key: 'a', titleJa: 'x', titleEn: 'x', assigneeKind: 'REPORTER', expectedMinutes: 1 }],
      },
    }),
  },
  updateOrganisation: { permission: P.DIRECTORY_MANAGE, probe: () => ({ id: UNKNOWN, input: {} }) },
  updateReportingRule: {
    permission: P.REPORTING_RULE_MANAGE,
    probe: () => ({
      id: UNKNOWN,
      input: {
        key: 'x',
        nameJa: 'x',
        nameEn: 'x',
        authorityOrganisationId: UNKNOWN,
        trigger: [],
        stages: [],
      },
    }),
  },
  updateUser: { permission: P.USER_MANAGE, probe: () => ({ id: UNKNOWN, input: {} }) },
  verifyContact: { permission: P.CONTACT_WRITE, isolation: 'contact', probe: () => ({ id: UNKNOWN }) },
  withdrawPublicStatement: { permission: P.PUBLIC_INFORMATION_MANAGE, probe: () => ({ id: UNKNOWN }) },
  // Exercises. The scenario library and planning are the promotion body's (EXERCISE_MANAGE); running an
  // exercise also needs its facilitator; players and evaluators play (EXERCISE_PLAY).
  createExerciseScenario: {
    permission: P.EXERCISE_MANAGE,
    probe: () => ({ content: { titleJa: ' ', titleEn: 'probe', injects: [] } }),
  },
  updateExerciseScenario: {
    permission: P.EXERCISE_MANAGE,
    probe: () => ({
      id: UNKNOWN,
      expectedVersion: 1,
      content: { titleJa: ' ', titleEn: 'probe', injects: [] },
    }),
  },
  copyExerciseScenario: { permission: P.EXERCISE_MANAGE, probe: () => ({ id: UNKNOWN }) },
  archiveExerciseScenario: { permission: P.EXERCISE_MANAGE, probe: () => ({ id: UNKNOWN }) },
  createExercise: { permission: P.EXERCISE_MANAGE, probe: () => ({ input: { scenarioId: UNKNOWN } }) },
  updateExercise: {
    permission: P.EXERCISE_MANAGE,
    isolation: 'exercise',
    probe: () => ({ id: UNKNOWN, input: { expectedVersion: 1 } }),
  },
  setExerciseParticipants: {
    permission: P.EXERCISE_MANAGE,
    isolation: 'exercise',
    probe: () => ({ id: UNKNOWN, participants: [] }),
  },
  updateExerciseInject: {
    permission: P.EXERCISE_MANAGE,
    isolation: 'exercise',
    probe: () => ({ injectId: UNKNOWN, input: {} }),
  },
  startExercise: { permission: P.EXERCISE_MANAGE, isolation: 'exercise', probe: () => ({ id: UNKNOWN }) },
  pauseExercise: { permission: P.EXERCISE_MANAGE, isolation: 'exercise', probe: () => ({ id: UNKNOWN }) },
  resumeExercise: { permission: P.EXERCISE_MANAGE, isolation: 'exercise', probe: () => ({ id: UNKNOWN }) },
  jumpToExerciseInject: {
    permission: P.EXERCISE_MANAGE,
    isolation: 'exercise',
    probe: () => ({ id: UNKNOWN, injectId: UNKNOWN }),
  },
  sendAdHocInject: {
    permission: P.EXERCISE_MANAGE,
    isolation: 'exercise',
    probe: () => ({
      id: UNKNOWN,
      input: { titleJa: 'probe', titleEn: 'probe', textJa: 'probe', textEn: 'probe', audience: {} },
    }),
  },
  finishExercise: { permission: P.EXERCISE_MANAGE, isolation: 'exercise', probe: () => ({ id: UNKNOWN }) },
  cancelExercise: { permission: P.EXERCISE_MANAGE, isolation: 'exercise', probe: () => ({ id: UNKNOWN }) },
  setAfterActionNotes: {
    permission: P.EXERCISE_MANAGE,
    isolation: 'exercise',
    probe: () => ({ id: UNKNOWN, input: { strengths: [], areasForImprovement: [] } }),
  },
  addImprovementItem: {
    permission: P.EXERCISE_MANAGE,
    isolation: 'exercise',
    probe: () => ({ id: UNKNOWN, input: { title: 'probe' } }),
  },
  acknowledgeExerciseInject: {
    permission: P.EXERCISE_PLAY,
    isolation: 'exercise',
    probe: () => ({ injectId: UNKNOWN }),
  },
  postExerciseResponse: {
    permission: P.EXERCISE_PLAY,
    isolation: 'exercise',
    probe: () => ({ id: UNKNOWN, input: { kind: 'DECISION', text: 'probe' } }),
  },
  rateExpectedAction: {
    permission: P.EXERCISE_PLAY,
    isolation: 'exercise',
    probe: () => ({ id: UNKNOWN, input: { injectId: UNKNOWN, actionKey: 'probe', rating: 'MET' } }),
  },
  rateExerciseObjective: {
    permission: P.EXERCISE_PLAY,
    isolation: 'exercise',
    probe: () => ({ id: UNKNOWN, input: { objectiveKey: 'probe', rating: 'P' } }),
  },
  updateImprovementItem: {
    permission: P.EXERCISE_PLAY,
    isolation: 'exercise',
    probe: () => ({ itemId: UNKNOWN, input: { status: 'DONE' } }),
  },
};

/**
 * Each mutation of an existing incident, with arguments that would succeed if the caller could see it
 * (proved on a visible incident by the last test). For an incident the caller cannot see, the answer is
 * NOT_FOUND when the role holds the permission, FORBIDDEN when it does not.
 */
const INCIDENT_MUTATIONS: Record<
  string,
  (i: ModelIncident, caller: Person, w: World) => Record<string, unknown>
> = {
  updateIncident: (i) => ({ id: i.id, input: { title: 'overwritten', tlp: 'CLEAR' } }),
  transitionIncident: (i) => ({ id: i.id, input: { status: 'TRIAGED' } }),
  addIncidentNote: (i) => ({ id: i.id, input: { message: 'a note' } }),
  addIncidentComponents: (i, _c, w) => ({ id: i.id, componentIds: [w.components.x.id] }),
  removeIncidentComponent: (i) => ({ id: i.id, componentId: i.componentId }),
  addIncidentParticipant: (i, _c, w) => ({ id: i.id, organisationId: w.orgs.C }),
  removeIncidentParticipant: (i, _c, w) => ({ id: i.id, organisationId: w.orgs[i.org] }),
  // Naming oneself is the obvious way in.
  assignIncidentRole: (i, caller) => ({ id: i.id, input: { userId: caller.id, role: 'COMMANDER' } }),
  removeIncidentRole: (i) => ({ id: i.id, input: { userId: i.reporter.id, role: 'COMMANDER' } }),
  createIncidentTask: (i) => ({ incidentId: i.id, input: { title: 'a task' } }),
  updateIncidentTask: (i) => ({ id: i.taskId, input: { title: 'renamed' } }),
  // Succeeds only for an organisation that was alerted (proved for A's responder by the last test).
  acknowledgeIncident: (i) => ({ incidentId: i.id, note: 'On it' }),
  // A (the owner of A's incidents) is P's contractor: its duty passes to P, then gets submitted.
  recordCommissionerNotified: (i) => ({ id: i.obligationId, input: { notifiedBy: 'probe' } }),
  submitObligation: (i) => ({ id: i.obligationId, input: { reference: 'PPC-probe' } }),
  draftPublicStatement: (i) => ({ incidentId: i.id, input: { titleJa: 'a statement', bodyJa: 'text' } }),
  updatePublicStatement: (i) => ({ id: i.statementId, input: { titleJa: 'rewritten', bodyJa: 'text' } }),
  applyRunbook: (i, _c, w) => ({ incidentId: i.id, runbookVersionId: w.exampleVersionId }),
  savePostIncidentReview: (i) => ({ incidentId: i.id, input: { summary: 'What happened' } }),
  addReviewFinding: (i, _c, w) => ({
    incidentId: i.id,
    input: {
      finding: 'A lesson',
      actionKind: 'ADD_DRILL_SCENARIO',
      drillScenario: 'A drill',
      ownerOrganisationId: w.orgs[i.org],
    },
  }),
};

/**
 * Each mutation of an existing exercise, with arguments that would succeed if the caller could see it,
 * in an order that succeeds as one run (proved on a visible exercise by the exercise test): by its
 * facilitator, or by a player. For an exercise the caller cannot see, the answer is NOT_FOUND when the
 * role holds the permission, FORBIDDEN when it does not. cancelExercise runs on an exercise of its own.
 */
const EXERCISE_MUTATIONS: Record<
  string,
  {
    by: 'facilitator' | 'player';
    vars: (x: ModelExercise, caller: Person, w: World) => Record<string, unknown>;
  }
> = {
  updateExercise: {
    by: 'facilitator',
    vars: (x) => ({ id: x.id, input: { expectedVersion: x.version, title: 'overwritten', speed: 5 } }),
  },
  // Naming oneself is the obvious way in.
  setExerciseParticipants: {
    by: 'facilitator',
    vars: (x, caller, w) => ({
      id: x.id,
      participants: [
        ...Object.entries(x.participants).map(([org, role]) => ({
          organisationId: w.orgs[org as OrgKey],
          role,
        })),
        { organisationId: w.orgs[caller.org], role: 'FACILITATOR' },
      ],
    }),
  },
  updateExerciseInject: {
    by: 'facilitator',
    vars: (x) => ({ injectId: x.injects[1].id, input: { offsetSeconds: 7300, titleEn: 'rewritten' } }),
  },
  startExercise: { by: 'facilitator', vars: (x) => ({ id: x.id }) },
  pauseExercise: { by: 'facilitator', vars: (x) => ({ id: x.id }) },
  resumeExercise: { by: 'facilitator', vars: (x) => ({ id: x.id }) },
  jumpToExerciseInject: { by: 'facilitator', vars: (x) => ({ id: x.id, injectId: x.injects[0].id }) },
  sendAdHocInject: {
    by: 'facilitator',
    vars: (x, caller, w) => ({
      id: x.id,
      input: {
        titleJa: '追加の状況',
        titleEn: 'Complication',
        textJa: '本文',
        textEn: 'Text',
        audience: { organisationIds: [w.orgs.A, w.orgs.B] },
      },
    }),
  },
  acknowledgeExerciseInject: { by: 'player', vars: (x) => ({ injectId: x.injects[0].id, note: 'On it' }) },
  postExerciseResponse: {
    by: 'player',
    vars: (x) => ({
      id: x.id,
      input: { kind: 'DECISION', text: 'Isolate the server', injectId: x.injects[0].id },
    }),
  },
  rateExpectedAction: {
    by: 'facilitator',
    vars: (x) => ({
      id: x.id,
      input: { injectId: x.injects[0].id, actionKey: 'ACT-1', rating: 'MISSED', note: 'overwritten' },
    }),
  },
  rateExerciseObjective: {
    by: 'facilitator',
    vars: (x) => ({ id: x.id, input: { objectiveKey: 'OBJ-1', rating: 'U', note: 'overwritten' } }),
  },
  addImprovementItem: {
    by: 'facilitator',
    vars: (x, _caller, w) => ({
      id: x.id,
      input: { title: 'Planted item', ownerOrganisationId: w.orgs[playerOf(x)] },
    }),
  },
  // The owner organisation may update its item's status.
  updateImprovementItem: {
    by: 'player',
    vars: (x) => ({ itemId: x.items[0].id, input: { status: 'DONE' } }),
  },
  finishExercise: { by: 'facilitator', vars: (x) => ({ id: x.id }) },
  setAfterActionNotes: {
    by: 'facilitator',
    vars: (x) => ({ id: x.id, input: { strengths: ['overwritten'], areasForImprovement: [] } }),
  },
  cancelExercise: { by: 'facilitator', vars: (x) => ({ id: x.id }) },
};

/** The (first) playing organisation of an exercise. */
function playerOf(x: ModelExercise): OrgKey {
  return (Object.keys(x.participants) as OrgKey[]).find((org) => x.participants[org] === 'PLAYER') as OrgKey;
}

/** The exercise fields the exercise test reads (every nested one: the leak scan sees them all). */
const EXERCISE_FIELDS = `
  id title description myRole organiserOrganisationId status
  participants { organisationId role contactIds }
  injects { id key state incidentId recipientOrganisationIds acknowledgements { organisationId acknowledgedBy } }
  responses { id organisationId text toOrganisationIds }
  ratings { id injectId actionKey note }
  objectiveRatings { objectiveKey note }
  events { id kind organisationId message }
  improvementItems { id title ownerOrganisationId }
  afterActionReport { generatedAt content document }`;

/** Reporting again with the dedupKey of an incident (see the dedup test). */
const REPORT_AGAIN = (i: ModelIncident, caller: Person) => ({
  input: { title: `Again, by ${caller.label}`, severity: 'SEV4', category: 'OTHER', dedupKey: i.dedupKey },
});

/** Contact writes against another organisation's contact; `create` adds one to that organisation. */
const CONTACT_MUTATIONS: Record<
  string,
  { vars: (c: ModelContact, w: World) => Record<string, unknown>; foreign: string }
> = {
  updateContact: {
    vars: (c) => ({ id: c.id, input: { name: 'overwritten', notes: 'x' } }),
    foreign: 'NOT_FOUND',
  },
  verifyContact: { vars: (c) => ({ id: c.id }), foreign: 'NOT_FOUND' },
  rotateWebhookSecret: { vars: (c) => ({ contactId: c.id }), foreign: 'NOT_FOUND' },
  enableWebhook: { vars: (c) => ({ contactId: c.id }), foreign: 'NOT_FOUND' },
  deleteContact: { vars: (c) => ({ id: c.id }), foreign: 'NOT_FOUND' },
  createContact: {
    vars: (c, w) => ({
      input: {
        organisationId: w.orgs[c.org],
        type: 'FUNCTION',
        kind: 'TECHNICAL',
        name: 'Planted desk',
        email: 'planted@example.jp',
      },
    }),
    foreign: 'FORBIDDEN',
  },
};

// ---------------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------------

/** `query|mutation($a: T!, …) { name(a: $a, …) { __typename } }` for the variables given. */
function operationDocument(
  schema: GraphQLSchema,
  kind: 'query' | 'mutation',
  name: string,
  variables: Record<string, unknown>,
): string {
  const type = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
  const field = type?.getFields()[name];
  if (!field) throw new Error(`No ${kind} ${name} in the schema`);
  const args = field.args.filter((arg) => arg.name in variables);
  const definitions = args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const call = args.length ? `(${args.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : '';
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${kind}${definitions ? `(${definitions})` : ''} { ${name}${call}${selection} }`;
}

const INCIDENT_FIELDS = `
  id reference title dedupKey tlp reporterOrganisationId reporterOrganisation { id }
  participants { organisation { id } }
  participantContacts { id organisationId email }
  members { role user { id } }
  tasks { id incidentId runbookStep { applicationId stepKey } }
  appliedRunbooks { id incidentId runbookId versionId taskIds version { id titleEn } }
  postIncidentReview { id incidentId summary findings { id incidentId finding } }
  components { id }
  latestTimelineEntry { incidentId }
  timeline(page: { first: 20 }) { totalCount edges { node { incidentId kind message data } } }
  alerts { id incidentId organisationId contactId recipientName deliveries { id target attempts { attemptNumber } } }
  engagements { organisationId organisationNameEn acknowledgedBy }
  escalations { id scope policyId policyName }
  obligations { id incidentId ownerOrganisationId }`;

/** Incident fields with a type of their own that the reads above need not select, and why. */
const UNSELECTED_INCIDENT_FIELDS: Record<string, string> = {
  incidentType: 'guideline reference data, the same for everyone',
};

const LIST = `query($filter: IncidentFilter) {
  incidents(filter: $filter, page: { first: 20 }) { totalCount pageInfo { hasNextPage } edges { node { ${INCIDENT_FIELDS} } } }
}`;
const ONE = `query($id: ID, $reference: String) { incident(id: $id, reference: $reference) { ${INCIDENT_FIELDS} } }`;

/** Names and permissions of the Query and Mutation handlers of every resolver of the running app. */
function discoverHandlers(
  app: INestApplication,
): Map<string, { where: string; permission?: Permission; isPublic: boolean }> {
  const found = new Map<string, { where: string; permission?: Permission; isPublic: boolean }>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const metatype = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (typeof metatype !== 'function' || !metatype.prototype) continue;
      const seen = new Set<string>();
      for (
        let proto = metatype.prototype;
        proto && proto !== Object.prototype;
        proto = Object.getPrototypeOf(proto)
      ) {
        for (const key of Object.getOwnPropertyNames(proto)) {
          if (key === 'constructor' || seen.has(key)) continue;
          seen.add(key);
          const handler = Object.getOwnPropertyDescriptor(proto, key)?.value;
          if (typeof handler !== 'function') continue;
          const kind = Reflect.getMetadata('graphql:resolver_type', handler);
          if (kind !== 'Query' && kind !== 'Mutation') continue;
          const name = (Reflect.getMetadata('graphql:resolver_name', handler) as string | undefined) ?? key;
          found.set(`${kind}.${name}`, {
            where: `${metatype.name}.${key}`,
            permission:
              Reflect.getMetadata(PERMISSION_KEY, handler) ?? Reflect.getMetadata(PERMISSION_KEY, metatype),
            isPublic: Boolean(
              Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, metatype),
            ),
          });
        }
      }
    }
  }
  return found;
}

function sameSet(a: Iterable<string>, b: Iterable<string>): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return JSON.stringify(left) === JSON.stringify(right);
}

function describeResult(result: GraphqlResult): string {
  const error = result.errors?.[0];
  return error ? `${error.extensions?.code ?? '?'}: ${error.message}` : 'success';
}

describe('isolation matrix: every operation × role × own/other organisation × TLP', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  const w = {} as World;
  /** Operations exercised by the isolation checks (their coverage is checked at the end). */
  const exercised = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp();
    schema = t.app.get(GraphQLSchemaHost).schema;
    const f = new Fixtures(t.dataSource);
    const tag = Math.random().toString(36).slice(2, 8);

    const P_ = await f.organisation({
      guidelineRoles: [GuidelineRole.PROMOTION_BODY],
      nameEn: 'Promotion body',
    });
    const A = await f.organisation({ nameEn: 'Own organisation A' });
    const B = await f.organisation({ nameEn: 'Other organisation B' });
    const C = await f.organisation({ nameEn: 'Contractor C' });
    const entities = { P: P_, A, B, C };
    w.orgs = { P: P_.id, A: A.id, B: B.id, C: C.id };

    const person = async (role: PlatformRole, org: OrgKey): Promise<Person> => {
      const user = await f.user(entities[org], role);
      return { label: `${role}@${org}`, role, org, id: user.id, email: user.email, token: '' };
    };
    w.admin = await person(PlatformRole.ADMIN, 'P');
    w.coordinator = await person(PlatformRole.COORDINATOR, 'P');
    w.responderA = await person(PlatformRole.RESPONDER, 'A');
    w.stakeholderA = await person(PlatformRole.STAKEHOLDER, 'A');
    w.viewerA = await person(PlatformRole.VIEWER, 'A');
    w.responderB = await person(PlatformRole.RESPONDER, 'B');
    w.people = [w.admin, w.coordinator, w.responderA, w.stakeholderA, w.viewerA, w.responderB];
    for (const p of w.people) p.token = await t.login(p.email, PASSWORD);

    // The map: A and B each operate one component they are RESPONSIBLE for and one nobody is
    // responsible for (a gap); C is responsible for one component and has no incident contact; the
    // promotion body operates one used to probe addIncidentComponents.
    w.components = {};
    w.assignments = [];
    const component = async (key: string, operator: OrgKey | null, responsible: OrgKey | null) => {
      const entity = await f.component({
        nameJa: `部品-${key}-${tag}`,
        nameEn: `Component ${key}`,
        operatingOrganisationId: operator ? w.orgs[operator] : null,
      });
      w.components[key] = { key, id: entity.id, operator };
      if (responsible) {
        const assignment = await f.assign(entity, entities[responsible], Duty.RESPONSIBLE);
        w.assignments.push({
          id: assignment.id,
          componentId: entity.id,
          org: responsible,
          duty: Duty.RESPONSIBLE,
        });
      }
    };
    await component('a', 'A', 'A');
    await component('a2', 'A', null);
    await component('b', 'B', 'B');
    await component('b2', 'B', null);
    await component('c', null, 'C');
    await component('x', 'P', null);

    w.contacts = [];
    const contact = async (org: OrgKey, kind: ContactKind, stale: boolean) => {
      const email = `desk-${org.toLowerCase()}-${kind.toLowerCase()}-${tag}@example.jp`;
      const entity = await f.contact(entities[org], kind, {
        email,
        lastVerifiedAt: stale ? null : new Date(),
      });
      w.contacts.push({ id: entity.id, org, kind, email, stale });
    };
    await contact('A', ContactKind.INCIDENT_WINDOW, false);
    await contact('A', ContactKind.TECHNICAL, true);
    await contact('B', ContactKind.INCIDENT_WINDOW, false);
    await contact('B', ContactKind.TECHNICAL, true);
    await contact('P', ContactKind.EMERGENCY, false);

    // P outsources to A; B outsources to C (a chain A must not see).
    w.relationships = [];
    for (const [client, contractor] of [
      ['P', 'A'],
      ['B', 'C'],
    ] as [OrgKey, OrgKey][]) {
      const saved = await t.dataSource.getRepository(OrganisationRelationshipEntity).save({
        kind: RelationshipKind.OUTSOURCING,
        clientOrganisationId: w.orgs[client],
        contractorOrganisationId: w.orgs[contractor],
        description: '',
      });
      w.relationships.push({ id: saved.id, client, contractor });
    }

    // Escalation: the city's seeded policies, and B's own policy, which chases B's incident window
    // for B's incidents instead of the city's first step. A's users must never see it.
    // Every incident here involves personal data: the APPI rule gives each a preliminary report.
    const seeded = await t.dataSource.transaction((manager) => ensureStatutoryRules(manager));
    [{ id: w.authorityId }] = await t.dataSource.query(
      `SELECT authority_organisation_id AS id FROM reporting_rule WHERE id = $1`,
      [seeded.ruleId],
    );
    [{ current_version_id: w.exampleVersionId }] = await t.dataSource.query(
      `SELECT current_version_id FROM runbook WHERE example_key = 'personal-data-leak'`,
    );
    w.cityPolicyIds = (
      (await t.dataSource.query(`SELECT id FROM escalation_policy WHERE organisation_id IS NULL`)) as {
        id: string;
      }[]
    ).map((r) => r.id);
    expect(w.cityPolicyIds.length).toBeGreaterThan(0);
    const overrideName = `B-own-policy-${tag}`;
    const { createEscalationPolicy } = await t.gqlOk(
      `mutation($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { id } }`,
      {
        input: {
          name: overrideName,
          organisationId: w.orgs.B,
          steps: [
            {
              escalateAfterSeconds: 600,
              targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['INCIDENT_WINDOW'] }],
            },
          ],
        },
      },
      w.admin.token,
    );
    w.overridePolicy = { id: createEscalationPolicy.id, name: overrideName, org: 'B' };

    // Every organisation answered IR-1 of the check sheet (recorded by the admin, for any organisation).
    w.assessments = {} as World['assessments'];
    for (const org of ['P', 'A', 'B', 'C'] as const) {
      const method = `assessment-method-${org}-${tag}`;
      const { setSelfAssessmentItem } = await t.gqlOk(
        `mutation($input: SetSelfAssessmentItemInput!) { setSelfAssessmentItem(input: $input) { id } }`,
        {
          input: {
            organisationId: w.orgs[org],
            itemKey: 'IR-1',
            status: 'IMPLEMENTED',
            implementationMethod: method,
            expectedVersion: 0,
          },
        },
        w.admin.token,
      );
      w.assessments[org] = { id: setSelfAssessmentItem.id, method };
    }

    // One incident per TLP reported by A's responder on A's component, and by B's on B's. Each
    // reporter names itself COMMANDER and opens a task; TLP:RED reporters are named RECIPIENT by the
    // product. Across organisations: the coordinator is named on A's RED incident, A's viewer on B's.
    w.incidents = [];
    for (const org of ['A', 'B'] as const) {
      const reporter = org === 'A' ? w.responderA : w.responderB;
      const componentId = w.components[org.toLowerCase()].id;
      for (const tlp of TLPS) {
        const title = `ISO-${org}-${tlp}-${tag}`;
        const dedupKey = `dedup-${org}-${tlp}-${tag}`;
        const { reportIncident } = await t.gqlOk(
          `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id reference } } }`,
          {
            input: {
              title,
              severity: 'SEV3',
              category: 'OTHER',
              componentIds: [componentId],
              tlp,
              dedupKey,
              personalDataInvolved: true,
            },
          },
          reporter.token,
        );
        const incident: ModelIncident = {
          label: `${org}/${tlp}`,
          org,
          tlp,
          id: reportIncident.incident.id,
          reference: reportIncident.incident.reference,
          title,
          dedupKey,
          componentId,
          taskId: '',
          obligationId: await preliminaryOf(reportIncident.incident.id),
          statementId: '',
          reporter,
          participants: new Set([org]),
          members: tlp === 'RED' ? [[reporter.id, 'RECIPIENT']] : [],
          // The default policy's first step: the RESPONSIBLE organisation's incident window (the
          // promotion body, with no incident window, is told nothing). B's own policy chases B.
          alerted: new Set([org]),
          escalationScopes: new Set<Scope>(org === 'B' ? ['city', 'B'] : ['city']),
        };
        await name(incident, reporter, reporter, 'COMMANDER');
        const { createIncidentTask } = await t.gqlOk(
          `mutation($id: ID!, $input: CreateTaskInput!) { createIncidentTask(incidentId: $id, input: $input) { id } }`,
          { id: incident.id, input: { title: `Task of ${title}`, assigneeOrganisationId: w.orgs[org] } },
          reporter.token,
        );
        incident.taskId = createIncidentTask.id;
        const { draftPublicStatement } = await t.gqlOk(
          `mutation($id: ID!, $input: PublicStatementInput!) { draftPublicStatement(incidentId: $id, input: $input) { id } }`,
          { id: incident.id, input: { titleJa: `Statement on ${title}`, bodyJa: 'Draft' } },
          reporter.token,
        );
        incident.statementId = draftPublicStatement.id;
        w.incidents.push(incident);
      }
    }
    // Every preliminary report is past its deadline (read-time OVERDUE: no worker runs here).
    await t.dataSource.query(
      `UPDATE obligation SET due_at = now() - interval '1 hour' WHERE stage_key = 'preliminary'`,
    );
    await name(incident('A', 'RED'), w.responderA, w.coordinator, 'COMMANDER');
    await name(incident('B', 'RED'), w.responderB, w.viewerA, 'RECIPIENT');

    // What the escalations wrote (ids only: who they went to is checked against the model below).
    const orgKey = new Map(Object.entries(w.orgs).map(([k, v]) => [v, k as OrgKey]));
    const alertRows: { id: string; incident_id: string; organisation_id: string; delivery_ids: string[] }[] =
      await t.dataSource.query(
        `SELECT a.id, a.incident_id, a.organisation_id,
                coalesce(array_agg(d.id::text) FILTER (WHERE d.id IS NOT NULL), '{}') AS delivery_ids
           FROM alert a LEFT JOIN alert_delivery d ON d.alert_id = a.id GROUP BY a.id`,
      );
    w.alerts = alertRows.map((r) => ({
      id: r.id,
      incidentId: r.incident_id,
      org: orgKey.get(r.organisation_id) as OrgKey,
      deliveryIds: r.delivery_ids,
    }));
    const escalationRows: { id: string; incident_id: string; scope: string }[] = await t.dataSource.query(
      `SELECT id, incident_id, scope FROM escalation`,
    );
    w.escalations = escalationRows.map((r) => ({
      id: r.id,
      incidentId: r.incident_id,
      scope: r.scope === 'city' ? 'city' : (orgKey.get(r.scope) as OrgKey),
    }));

    async function name(target: ModelIncident, by: Person, who: Person, role: string) {
      await t.gqlOk(
        `mutation($id: ID!, $input: IncidentRoleInput!) { assignIncidentRole(id: $id, input: $input) { id } }`,
        { id: target.id, input: { userId: who.id, role } },
        by.token,
      );
      target.members.push([who.id, role]);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  function incident(org: OrgKey, tlp: TlpName): ModelIncident {
    return w.incidents.find((i) => i.org === org && i.tlp === tlp) as ModelIncident;
  }

  async function preliminaryOf(incidentId: string): Promise<string> {
    const [row] = (await t.dataSource.query(
      `SELECT id FROM obligation WHERE incident_id = $1 AND stage_key = 'preliminary'`,
      [incidentId],
    )) as { id: string }[];
    expect(row).toBeDefined();
    return row.id;
  }

  async function call(
    who: Person | null,
    kind: 'query' | 'mutation',
    name: string,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphqlResult> {
    exercised.add(`${kind === 'query' ? 'Query' : 'Mutation'}.${name}`);
    return t.gql(query, variables, who?.token);
  }

  it('the fixture model (the oracle’s input) matches the database', async () => {
    const participants: { incident_id: string; organisation_id: string }[] = await t.dataSource.query(
      `SELECT incident_id, organisation_id FROM incident_participant`,
    );
    const members: { incident_id: string; user_id: string; role: string }[] = await t.dataSource.query(
      `SELECT incident_id, user_id, role FROM incident_member`,
    );
    const engagements: { incident_id: string; organisation_id: string }[] = await t.dataSource.query(
      `SELECT incident_id, organisation_id FROM alert_engagement`,
    );
    const orgKey = new Map(Object.entries(w.orgs).map(([k, v]) => [v, k]));
    for (const i of w.incidents) {
      expect({ incident: i.label, participants: [...i.participants].sort() }).toEqual({
        incident: i.label,
        participants: participants
          .filter((p) => p.incident_id === i.id)
          .map((p) => orgKey.get(p.organisation_id))
          .sort(),
      });
      expect({ incident: i.label, members: i.members.map(([u, r]) => `${u}:${r}`).sort() }).toEqual({
        incident: i.label,
        members: members
          .filter((m) => m.incident_id === i.id)
          .map((m) => `${m.user_id}:${m.role}`)
          .sort(),
      });
      expect({
        incident: i.label,
        engaged: [...i.alerted].sort(),
        alerted: [...i.alerted].sort(),
        escalations: [...i.escalationScopes].sort(),
      }).toEqual({
        incident: i.label,
        engaged: engagements
          .filter((e) => e.incident_id === i.id)
          .map((e) => orgKey.get(e.organisation_id))
          .sort(),
        alerted: [...new Set(w.alerts.filter((a) => a.incidentId === i.id).map((a) => a.org))].sort(),
        escalations: w.escalations
          .filter((e) => e.incidentId === i.id)
          .map((e) => e.scope)
          .sort(),
      });
    }
    // Every alert has its first delivery; B's own policy chased B's incidents (its escalations exist).
    expect(w.alerts.filter((a) => a.deliveryIds.length === 0)).toEqual([]);
    expect(w.escalations.filter((e) => e.scope === 'B').length).toBe(TLPS.length);
    // Sanity of the oracle itself: what each person may see.
    const visible = Object.fromEntries(
      w.people.map((p) => [p.label, w.incidents.filter((i) => expectedVisible(p, i)).map((i) => i.label)]),
    );
    expect(visible).toEqual({
      'ADMIN@P': [
        'A/AMBER_STRICT',
        'A/AMBER',
        'A/GREEN',
        'A/CLEAR',
        'B/AMBER_STRICT',
        'B/AMBER',
        'B/GREEN',
        'B/CLEAR',
      ],
      'COORDINATOR@P': [
        'A/RED',
        'A/AMBER_STRICT',
        'A/AMBER',
        'A/GREEN',
        'A/CLEAR',
        'B/AMBER_STRICT',
        'B/AMBER',
        'B/GREEN',
        'B/CLEAR',
      ],
      'RESPONDER@A': ['A/RED', 'A/AMBER_STRICT', 'A/AMBER', 'A/GREEN', 'A/CLEAR', 'B/GREEN', 'B/CLEAR'],
      'STAKEHOLDER@A': ['A/AMBER_STRICT', 'A/AMBER', 'A/GREEN', 'A/CLEAR', 'B/GREEN', 'B/CLEAR'],
      'VIEWER@A': ['A/AMBER_STRICT', 'A/AMBER', 'A/GREEN', 'A/CLEAR', 'B/RED', 'B/GREEN', 'B/CLEAR'],
      'RESPONDER@B': ['A/GREEN', 'A/CLEAR', 'B/RED', 'B/AMBER_STRICT', 'B/AMBER', 'B/GREEN', 'B/CLEAR'],
    });
  });

  it('covers every operation of the schema, and every handler declares the permission the table says', () => {
    const problems: string[] = [];
    const schemaOps = [
      ...Object.keys(schema.getQueryType()?.getFields() ?? {}).map((n) => `Query.${n}`),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}).map((n) => `Mutation.${n}`),
    ];
    const table = new Map<string, OperationSpec>([
      ...Object.entries(QUERIES).map(([n, s]) => [`Query.${n}`, s] as const),
      ...Object.entries(MUTATIONS).map(([n, s]) => [`Mutation.${n}`, s] as const),
    ]);
    const handlers = discoverHandlers(t.app);
    for (const op of schemaOps) {
      if (!table.has(op)) problems.push(`${op} is in the schema but not in the operation table: add it`);
      if (!handlers.has(op)) problems.push(`${op} has no resolver handler that could be inspected`);
    }
    for (const op of table.keys()) {
      if (!schemaOps.includes(op)) problems.push(`${op} is in the table but no longer in the schema`);
    }
    for (const [op, handler] of handlers) {
      if (!handler.permission && !handler.isPublic) {
        problems.push(`${op} (${handler.where}) declares no permission and is not @Public`);
        continue;
      }
      const declared = handler.isPublic ? 'PUBLIC' : handler.permission;
      const expected = table.get(op)?.permission;
      if (expected && declared !== expected) {
        problems.push(`${op} (${handler.where}) declares ${declared}, the table expects ${expected}`);
      }
    }
    // Whatever a non-city-wide role may call must say how its isolation is checked.
    const narrowRoles = [PlatformRole.RESPONDER, PlatformRole.STAKEHOLDER, PlatformRole.VIEWER];
    for (const [op, spec] of table) {
      const reachable = narrowRoles.filter((role) => roleHas(role, spec.permission));
      if (reachable.length && !spec.isolation) {
        problems.push(`${op} is open to ${reachable.join(', ')} but has no isolation check in this file`);
      }
    }
    for (const name of Object.keys(MUTATIONS).filter((n) => MUTATIONS[n].isolation === 'incident')) {
      if (!INCIDENT_MUTATIONS[name]) problems.push(`Mutation.${name} has no probe in INCIDENT_MUTATIONS`);
    }
    for (const name of Object.keys(MUTATIONS).filter((n) => MUTATIONS[n].isolation === 'exercise')) {
      if (!EXERCISE_MUTATIONS[name]) problems.push(`Mutation.${name} has no probe in EXERCISE_MUTATIONS`);
    }
    for (const name of Object.keys(MUTATIONS).filter((n) => MUTATIONS[n].isolation === 'contact')) {
      if (!CONTACT_MUTATIONS[name]) problems.push(`Mutation.${name} has no probe in CONTACT_MUTATIONS`);
    }
    // Any mutation returning an incident or a task is an incident mutation.
    for (const [name, field] of Object.entries(schema.getMutationType()?.getFields() ?? {})) {
      const type = getNamedType(field.type).name;
      const covered = INCIDENT_MUTATIONS[name] || MUTATIONS[name]?.isolation === 'report';
      if (['Incident', 'IncidentTask', 'ReportIncidentPayload'].includes(type) && !covered) {
        problems.push(`Mutation.${name} returns ${type} but has no probe in INCIDENT_MUTATIONS`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('selects every nested field of Incident in the incident reads, so the checks and the leak scan see them', () => {
    const incidentType = schema.getType('Incident') as GraphQLObjectType;
    const operation = parse(ONE).definitions[0] as OperationDefinitionNode;
    const incidentField = operation.selectionSet.selections[0] as FieldNode;
    const selected = new Set(incidentField.selectionSet?.selections.map((f) => (f as FieldNode).name.value));
    expect(incidentField.name.value).toBe('incident');
    const nested = Object.values(incidentType.getFields())
      .filter((f) => !isLeafType(getNamedType(f.type)))
      .map((f) => f.name);
    expect(nested.filter((name) => !selected.has(name) && !UNSELECTED_INCIDENT_FIELDS[name])).toEqual([]);
    expect(Object.keys(UNSELECTED_INCIDENT_FIELDS).filter((name) => !nested.includes(name))).toEqual([]);
  });

  it('refuses every non-public operation without valid credentials (UNAUTHENTICATED)', async () => {
    const failures: string[] = [];
    const operations = [
      ...Object.entries(QUERIES).map(([n, s]) => ['query', n, s] as const),
      ...Object.entries(MUTATIONS).map(([n, s]) => ['mutation', n, s] as const),
    ];
    for (const [kind, name, spec] of operations) {
      const vars = spec.probe(w);
      const document = operationDocument(schema, kind, name, vars);
      for (const [how, token] of [
        ['no token', undefined],
        ['a forged token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged'],
      ] as const) {
        const result = await t.gql(document, vars, token);
        const code = result.errors?.[0]?.extensions?.code;
        if (spec.permission === 'PUBLIC') {
          if (code === 'FORBIDDEN' || result.errors?.[0]?.message === 'Authentication required') {
            failures.push(`${name} (public) with ${how}: ${describeResult(result)}`);
          }
        } else if (code !== 'UNAUTHENTICATED' || result.data) {
          failures.push(`${name} with ${how}: expected UNAUTHENTICATED, got ${describeResult(result)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers FORBIDDEN exactly when the role lacks the declared permission (every operation × role)', async () => {
    const failures: string[] = [];
    const callers = [w.admin, w.coordinator, w.responderA, w.stakeholderA, w.viewerA];
    expect(callers.map((p) => p.role).sort()).toEqual([...ROLES].sort());
    const operations = [
      ...Object.entries(QUERIES).map(([n, s]) => ['query', n, s] as const),
      ...Object.entries(MUTATIONS).map(([n, s]) => ['mutation', n, s] as const),
    ];
    for (const [kind, name, spec] of operations) {
      const vars = spec.probe(w);
      const document = operationDocument(schema, kind, name, vars);
      for (const caller of callers) {
        const result = await t.gql(document, vars, caller.token);
        const error = result.errors?.[0];
        const code = error?.extensions?.code;
        const label = `${name} as ${caller.label} (needs ${spec.permission})`;
        if (!roleHas(caller.role, spec.permission)) {
          if (code !== 'FORBIDDEN' || !/lacks/.test(error?.message ?? '') || result.data) {
            failures.push(
              `${label}: expected FORBIDDEN for the missing permission, got ${describeResult(result)}`,
            );
          }
        } else if (
          code === 'FORBIDDEN' ||
          code === 'INTERNAL_SERVER_ERROR' ||
          (code === 'UNAUTHENTICATED' && spec.permission !== 'PUBLIC')
        ) {
          failures.push(`${label}: the role holds the permission, got ${describeResult(result)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  const PEOPLE = ['admin', 'coordinator', 'responderA', 'stakeholderA', 'viewerA', 'responderB'] as const;

  describe.each(PEOPLE)('as %s', (key) => {
    it('lists exactly the incidents the rules allow, for every filter, with consistent nested fields', async () => {
      const p = w[key];
      const failures: string[] = [];
      const secrets = incidentReadSecrets(w, p);
      const filters: {
        label: string;
        filter: Record<string, unknown> | null;
        keep: (i: ModelIncident) => boolean;
      }[] = [
        { label: 'no filter', filter: null, keep: () => true },
        ...TLPS.map((tlp) => ({
          label: `TLP ${tlp}`,
          filter: { tlps: [tlp] },
          keep: (i: ModelIncident) => i.tlp === tlp,
        })),
        ...(['A', 'B'] as const).map((org) => ({
          label: `participant ${org}`,
          filter: { organisationId: w.orgs[org] },
          keep: (i: ModelIncident) => i.participants.has(org),
        })),
        ...(['a', 'b'] as const).map((c) => ({
          label: `component ${c}`,
          filter: { componentId: w.components[c].id },
          keep: (i: ModelIncident) => i.componentId === w.components[c].id,
        })),
        ...w.incidents.map((i) => ({
          label: `text "${i.title}"`,
          filter: { text: i.title },
          keep: (j: ModelIncident) => j === i,
        })),
      ];
      for (const { label, filter, keep } of filters) {
        const vars = { filter };
        const result = await call(p, 'query', 'incidents', LIST, vars);
        const where = `incidents(${label}) as ${p.label}`;
        failures.push(...scan(where, vars, result, secrets));
        if (result.errors) {
          failures.push(`${where}: ${describeResult(result)}`);
          continue;
        }
        const nodes: any[] = result.data.incidents.edges.map((e: any) => e.node);
        const expected = w.incidents.filter((i) => keep(i) && expectedVisible(p, i));
        const got = nodes.map((n) => w.incidents.find((i) => i.id === n.id)?.label ?? `unknown ${n.id}`);
        if (
          !sameSet(
            got,
            expected.map((i) => i.label),
          )
        ) {
          failures.push(`${where}: expected [${expected.map((i) => i.label)}], got [${got}]`);
        }
        if (
          result.data.incidents.totalCount !== expected.length ||
          result.data.incidents.pageInfo.hasNextPage
        ) {
          failures.push(
            `${where}: totalCount ${result.data.incidents.totalCount}, expected ${expected.length}`,
          );
        }
        for (const node of nodes) {
          const model = w.incidents.find((i) => i.id === node.id);
          if (model) failures.push(...checkNested(node, model, where, p));
        }
      }
      expect(failures).toEqual([]);
    });

    it('lists the overdue obligations of exactly the incidents it may see', async () => {
      const p = w[key];
      const secrets = incidentReadSecrets(w, p);
      const failures: string[] = [];
      for (const mine of [false, true]) {
        const vars = { mine };
        const where = `overdueObligations(mine: ${mine}) as ${p.label}`;
        const result = await call(
          p,
          'query',
          'overdueObligations',
          `query($mine: Boolean) { overdueObligations(mine: $mine) { id incidentId ownerOrganisationId status } }`,
          vars,
        );
        failures.push(...scan(where, vars, result, secrets));
        const expected = w.incidents
          .filter((i) => expectedVisible(p, i) && (!mine || i.org === p.org))
          .map((i) => i.obligationId);
        const got = (result.data?.overdueObligations ?? []).map((o: any) => o.id);
        if (result.errors || !sameSet(got, expected))
          failures.push(`${where}: expected [${expected}], got ${describeResult(result)}`);
      }
      expect(failures).toEqual([]);
    });

    it('gets a visible incident by id and by reference, and NOT_FOUND for every other one', async () => {
      const p = w[key];
      const failures: string[] = [];
      const secrets = incidentReadSecrets(w, p);
      for (const i of w.incidents) {
        for (const vars of [{ id: i.id }, { reference: i.reference }]) {
          const where = `incident(${Object.keys(vars)[0]}) of ${i.label} as ${p.label}`;
          const result = await call(p, 'query', 'incident', ONE, vars);
          failures.push(...scan(where, vars, result, secrets));
          if (expectedVisible(p, i)) {
            if (result.errors || result.data?.incident?.id !== i.id) {
              failures.push(`${where}: expected the incident, got ${describeResult(result)}`);
            } else {
              failures.push(...checkNested(result.data.incident, i, where, p));
            }
          } else if (result.errors?.[0]?.extensions?.code !== 'NOT_FOUND' || result.data) {
            failures.push(`${where}: expected NOT_FOUND, got ${describeResult(result)}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('reads reports and statements of the incidents it may see only (NOT_FOUND otherwise), metrics over them only', async () => {
      const p = w[key];
      const failures: string[] = [];
      const secrets = incidentReadSecrets(w, p);
      for (const i of w.incidents) {
        for (const format of ['MARKDOWN', 'HTML', 'PRINT_HTML']) {
          const vars = { incidentId: i.id, format };
          const where = `incidentReport(${format}) of ${i.label} as ${p.label}`;
          const result = await call(
            p,
            'query',
            'incidentReport',
            `query($incidentId: ID!, $format: ReportFormat) { incidentReport(incidentId: $incidentId, format: $format) }`,
            vars,
          );
          failures.push(...scan(where, vars, result, secrets));
          if (expectedVisible(p, i)) {
            if (result.errors || !String(result.data?.incidentReport).includes(i.reference)) {
              failures.push(`${where}: expected the report, got ${describeResult(result)}`);
            }
          } else if (result.errors?.[0]?.extensions?.code !== 'NOT_FOUND' || result.data) {
            failures.push(`${where}: expected NOT_FOUND, got ${describeResult(result)}`);
          }
        }
        const vars = { incidentId: i.id };
        const where = `publicStatements of ${i.label} as ${p.label}`;
        const result = await call(
          p,
          'query',
          'publicStatements',
          `query($incidentId: ID!) { publicStatements(incidentId: $incidentId) { id incidentId titleJa } }`,
          vars,
        );
        failures.push(...scan(where, vars, result, secrets));
        if (expectedVisible(p, i)) {
          const ids = (result.data?.publicStatements ?? []).map((s: any) => s.id);
          if (result.errors || !sameSet(ids, [i.statementId]))
            failures.push(`${where}: got ${JSON.stringify(result)}`);
        } else if (result.errors?.[0]?.extensions?.code !== 'NOT_FOUND' || result.data) {
          failures.push(`${where}: expected NOT_FOUND, got ${describeResult(result)}`);
        }
      }
      const vars = {
        input: {
          from: new Date(Date.now() - 30 * 86_400_000).toISOString(),
          to: new Date(Date.now() + 86_400_000).toISOString(),
        },
      };
      const metrics = await call(
        p,
        'query',
        'incidentMetrics',
        `query($input: IncidentMetricsInput!) { incidentMetrics(input: $input) { incidentCount bySeverity { key incidentCount } byOrganisation { key incidentCount } } }`,
        vars,
      );
      failures.push(...scan(`incidentMetrics as ${p.label}`, vars, metrics, secrets));
      const expected = w.incidents.filter((i) => expectedVisible(p, i)).length;
      if (metrics.data?.incidentMetrics?.incidentCount !== expected) {
        failures.push(
          `incidentMetrics as ${p.label}: ${JSON.stringify(metrics)}, expected ${expected} incidents`,
        );
      }
      expect(failures).toEqual([]);
    });

    it('changes no incident it may not see: NOT_FOUND (FORBIDDEN without the permission), database unchanged', async () => {
      const p = w[key];
      const failures: string[] = [];
      const secrets = incidentReadSecrets(w, p);
      const invisible = w.incidents.filter((i) => !expectedVisible(p, i));
      expect(invisible.length).toBeGreaterThan(0);
      for (const i of invisible) {
        for (const [name, probe] of Object.entries(INCIDENT_MUTATIONS)) {
          const vars = probe(i, p, w);
          const expected = roleHas(p.role, MUTATIONS[name].permission) ? 'NOT_FOUND' : 'FORBIDDEN';
          const where = `${name} on ${i.label} as ${p.label}`;
          const before = await databaseDigest(t.dataSource);
          const result = await call(
            p,
            'mutation',
            name,
            operationDocument(schema, 'mutation', name, vars),
            vars,
          );
          const after = await databaseDigest(t.dataSource);
          failures.push(...scan(where, vars, result, secrets));
          if (result.errors?.[0]?.extensions?.code !== expected || result.data) {
            failures.push(`${where}: expected ${expected}, got ${describeResult(result)}`);
          }
          const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
          if (changed.length) failures.push(`${where}: changed the database (${changed.join(', ')})`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('acknowledges no visible incident its organisation was not alerted about: FORBIDDEN, database unchanged', async () => {
      const p = w[key];
      const failures: string[] = [];
      const secrets = incidentReadSecrets(w, p);
      const visible = w.incidents.filter((i) => expectedVisible(p, i));
      const notAlerted = visible.filter((i) => !i.alerted.has(p.org));
      // The promotion body is alerted about nothing here; A and B only about their own incidents.
      expect(notAlerted.length).toBeGreaterThan(0);
      for (const i of notAlerted) {
        const vars = INCIDENT_MUTATIONS.acknowledgeIncident(i, p, w);
        const where = `acknowledgeIncident on ${i.label} (not alerted) as ${p.label}`;
        const before = await databaseDigest(t.dataSource);
        const result = await call(
          p,
          'mutation',
          'acknowledgeIncident',
          operationDocument(schema, 'mutation', 'acknowledgeIncident', vars),
          vars,
        );
        const after = await databaseDigest(t.dataSource);
        failures.push(...scan(where, vars, result, secrets));
        const error = result.errors?.[0];
        const ok = roleHas(p.role, Permission.ALERT_ACKNOWLEDGE)
          ? error?.extensions?.code === 'FORBIDDEN' && /has not been alerted/.test(error.message)
          : error?.extensions?.code === 'FORBIDDEN' && /lacks/.test(error.message);
        if (!ok || result.data) failures.push(`${where}: expected FORBIDDEN, got ${describeResult(result)}`);
        const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
        if (changed.length) failures.push(`${where}: changed the database (${changed.join(', ')})`);
      }
      expect(failures).toEqual([]);
    });

    it('reads only its own organisation’s directory and map records (city-wide roles: all of them)', async () => {
      const p = w[key];
      const failures: string[] = [];
      const secrets = foreignDirectoryRecords(w, p);
      const read = async (name: string, query: string, vars: Record<string, unknown> = {}) => {
        const result = await call(p, 'query', name, query, vars);
        const where = `${name}(${JSON.stringify(vars)}) as ${p.label}`;
        failures.push(...scan(where, vars, result, secrets));
        return { result, where };
      };
      const expectIds = (where: string, got: string[], expected: string[]) => {
        if (!sameSet(got, expected)) failures.push(`${where}: expected [${expected}], got [${got}]`);
      };
      const orgKeys = Object.keys(w.orgs) as OrgKey[];
      const visibleContacts = w.contacts.filter((c) => contactVisible(p, c));
      const visibleComponents = Object.values(w.components).filter((c) => componentVisible(w, p, c));

      {
        const { result, where } = await read('me', `{ me { id organisationId } }`);
        if (result.data?.me?.id !== p.id) failures.push(`${where}: ${describeResult(result)}`);
      }
      {
        const { result, where } = await read('users', `{ users { id email organisationId } }`);
        expectIds(
          where,
          (result.data?.users ?? []).map((u: any) => u.id),
          w.people.filter((u) => organisationVisible(p, u.org)).map((u) => u.id),
        );
      }
      {
        const { result, where } = await read(
          'organisations',
          `query($filter: OrganisationFilter) { organisations(filter: $filter) { id contacts { id email } } }`,
          { filter: null },
        );
        const organisations: any[] = result.data?.organisations ?? [];
        expectIds(
          where,
          organisations.map((o) => o.id),
          [
            ...orgKeys.filter((k) => organisationVisible(p, k)).map((k) => w.orgs[k]),
            ...(isCityWide(p) ? [w.authorityId] : []),
          ],
        );
        for (const o of organisations) {
          const org = orgKeys.find((k) => w.orgs[k] === o.id) as OrgKey;
          expectIds(
            `${where} contacts of ${org}`,
            o.contacts.map((c: any) => c.id),
            visibleContacts.filter((c) => c.org === org).map((c) => c.id),
          );
        }
      }
      for (const org of orgKeys) {
        const { result, where } = await read(
          'organisation',
          `query($id: ID!) { organisation(id: $id) { id contacts { id } } }`,
          {
            id: w.orgs[org],
          },
        );
        if (
          organisationVisible(p, org)
            ? result.data?.organisation?.id !== w.orgs[org]
            : result.errors?.[0]?.extensions?.code !== 'NOT_FOUND'
        ) {
          failures.push(`${where} (organisation ${org}): ${describeResult(result)}`);
        }
      }
      {
        const { result, where } = await read(
          'contacts',
          `query($filter: ContactFilter) { contacts(filter: $filter) { id email organisationId } }`,
          { filter: null },
        );
        expectIds(
          where,
          (result.data?.contacts ?? []).map((c: any) => c.id),
          visibleContacts.map((c) => c.id),
        );
      }
      for (const org of orgKeys) {
        const { result, where } = await read(
          'contacts',
          `query($filter: ContactFilter) { contacts(filter: $filter) { id } }`,
          {
            filter: { organisationId: w.orgs[org] },
          },
        );
        expectIds(
          where,
          (result.data?.contacts ?? []).map((c: any) => c.id),
          visibleContacts.filter((c) => c.org === org).map((c) => c.id),
        );
      }
      {
        const { result, where } = await read(
          'escalationPolicies',
          `{ escalationPolicies { id name organisationId steps { targets { organisationId contactId } } } }`,
        );
        expectIds(
          where,
          (result.data?.escalationPolicies ?? []).map((x: any) => x.id),
          [...w.cityPolicyIds, ...(scopeVisible(p, w.overridePolicy.org) ? [w.overridePolicy.id] : [])],
        );
      }
      {
        const { result, where } = await read('staleContacts', `{ staleContacts { id email } }`);
        expectIds(
          where,
          (result.data?.staleContacts ?? []).map((c: any) => c.id),
          visibleContacts.filter((c) => c.stale).map((c) => c.id),
        );
      }
      {
        const { result, where } = await read(
          'organisationRelationships',
          `{ organisationRelationships { id clientOrganisationId contractorOrganisationId } }`,
        );
        expectIds(
          where,
          (result.data?.organisationRelationships ?? []).map((r: any) => r.id),
          w.relationships.filter((r) => relationshipVisible(p, r)).map((r) => r.id),
        );
      }
      for (const org of orgKeys) {
        const { result, where } = await read(
          'organisationRelationships',
          `query($o: ID) { organisationRelationships(organisationId: $o) { id } }`,
          { o: w.orgs[org] },
        );
        expectIds(
          where,
          (result.data?.organisationRelationships ?? []).map((r: any) => r.id),
          w.relationships
            .filter((r) => relationshipVisible(p, r) && (r.client === org || r.contractor === org))
            .map((r) => r.id),
        );
      }
      for (const org of orgKeys) {
        const { result, where } = await read(
          'subcontractChain',
          `query($o: ID!) { subcontractChain(organisationId: $o) { depth relationship { id } } }`,
          { o: w.orgs[org] },
        );
        if (organisationVisible(p, org)) {
          expectIds(
            where,
            (result.data?.subcontractChain ?? []).map((l: any) => l.relationship.id),
            w.relationships.filter((r) => r.client === org).map((r) => r.id),
          );
        } else if (result.errors?.[0]?.extensions?.code !== 'NOT_FOUND') {
          failures.push(`${where}: expected NOT_FOUND, got ${describeResult(result)}`);
        }
      }
      {
        const { result, where } = await read(
          'components',
          `query($filter: ComponentFilter) { components(filter: $filter) { id operatingOrganisationId } }`,
          { filter: null },
        );
        expectIds(
          where,
          (result.data?.components ?? []).map((c: any) => c.id),
          visibleComponents.map((c) => c.id),
        );
      }
      for (const org of orgKeys) {
        const { result, where } = await read(
          'components',
          `query($filter: ComponentFilter) { components(filter: $filter) { id } }`,
          {
            filter: { organisationId: w.orgs[org] },
          },
        );
        expectIds(
          where,
          (result.data?.components ?? []).map((c: any) => c.id),
          visibleComponents
            .filter(
              (c) => c.operator === org || w.assignments.some((a) => a.componentId === c.id && a.org === org),
            )
            .map((c) => c.id),
        );
      }
      for (const c of Object.values(w.components)) {
        const { result, where } = await read('component', `query($id: ID!) { component(id: $id) { id } }`, {
          id: c.id,
        });
        const ok = componentVisible(w, p, c)
          ? result.data?.component?.id === c.id
          : result.errors?.[0]?.extensions?.code === 'NOT_FOUND';
        if (!ok) failures.push(`${where} (component ${c.key}): ${describeResult(result)}`);
      }
      {
        const { result, where } = await read(
          'responsibilityMatrix',
          `query($filter: ComponentFilter) { responsibilityMatrix(filter: $filter) { component { id } assignments { id organisation { id } } } }`,
          { filter: null },
        );
        const rows: any[] = result.data?.responsibilityMatrix ?? [];
        expectIds(
          where,
          rows.map((r) => r.component.id),
          visibleComponents.map((c) => c.id),
        );
        for (const row of rows) {
          expectIds(
            `${where} row ${row.component.id}`,
            row.assignments.map((a: any) => a.id),
            w.assignments.filter((a) => a.componentId === row.component.id).map((a) => a.id),
          );
        }
      }
      {
        const { result, where } = await read(
          'responsibilityGaps',
          `{ responsibilityGaps { componentsWithoutResponsible { id } responsibleWithoutIncidentContact { organisation { id } components { id } } staleContacts { id } } }`,
        );
        const gaps = result.data?.responsibilityGaps;
        const responsible = (c: ModelComponent) =>
          w.assignments.filter((a) => a.componentId === c.id && a.duty === Duty.RESPONSIBLE);
        expectIds(
          `${where} componentsWithoutResponsible`,
          (gaps?.componentsWithoutResponsible ?? []).map((c: any) => c.id),
          visibleComponents.filter((c) => responsible(c).length === 0).map((c) => c.id),
        );
        const withoutContact = new Set(
          visibleComponents
            .flatMap((c) => responsible(c).map((a) => a.org))
            .filter(
              (org) =>
                !w.contacts.some(
                  (c) =>
                    c.org === org && [ContactKind.INCIDENT_WINDOW, ContactKind.EMERGENCY].includes(c.kind),
                ),
            ),
        );
        expectIds(
          `${where} responsibleWithoutIncidentContact`,
          (gaps?.responsibleWithoutIncidentContact ?? []).map((g: any) => g.organisation.id),
          [...withoutContact].map((org) => w.orgs[org]),
        );
        expectIds(
          `${where} staleContacts`,
          (gaps?.staleContacts ?? []).map((c: any) => c.id),
          visibleContacts.filter((c) => c.stale).map((c) => c.id),
        );
      }
      for (const c of Object.values(w.components)) {
        const { result, where } = await read(
          'partiesForComponents',
          `query($input: PartiesInput!) { partiesForComponents(input: $input) { organisation { id } incidentContacts { id email } } }`,
          { input: { componentIds: [c.id] } },
        );
        if (componentVisible(w, p, c)) {
          const parties: any[] = result.data?.partiesForComponents ?? [];
          expectIds(
            `${where} (component ${c.key})`,
            parties.map((party) => party.organisation.id),
            w.assignments.filter((a) => a.componentId === c.id).map((a) => w.orgs[a.org]),
          );
          for (const party of parties) {
            expectIds(
              `${where} incidentContacts`,
              party.incidentContacts.map((x: any) => x.id),
              visibleContacts
                .filter((x) => w.orgs[x.org] === party.organisation.id)
                .filter((x) => [ContactKind.INCIDENT_WINDOW, ContactKind.EMERGENCY].includes(x.kind))
                .map((x) => x.id),
            );
          }
        } else {
          // An invisible component is answered exactly like one that does not exist.
          const unknown = await t.gql(
            `query($input: PartiesInput!) { partiesForComponents(input: $input) { organisation { id } } }`,
            { input: { componentIds: [UNKNOWN] } },
            p.token,
          );
          const shape = (r: GraphqlResult) => ({
            data: r.data ?? null,
            code: r.errors?.[0]?.extensions?.code,
            field: r.errors?.[0]?.extensions?.field,
          });
          if (JSON.stringify(shape(result)) !== JSON.stringify(shape(unknown)) || !result.errors) {
            failures.push(
              `${where} (component ${c.key}, invisible): ${describeResult(result)}, unknown id: ${describeResult(unknown)}`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('reads and writes only its own organisation’s self-assessment (city-wide roles: every one)', async () => {
      const p = w[key];
      const failures: string[] = [];
      const orgKeys = Object.keys(w.orgs) as OrgKey[];
      const secrets = foreignDirectoryRecords(w, p);
      for (const org of orgKeys.filter((o) => !organisationVisible(p, o))) {
        secrets.set(w.assessments[org].id, `self-assessment entry of ${org}`);
        secrets.set(w.assessments[org].method, `self-assessment text of ${org}`);
      }
      const sheet = `query($o: ID) { selfAssessment(organisationId: $o) {
        organisationId items { id implementationMethod item { key } } } }`;
      for (const org of [...orgKeys, null]) {
        const vars = { o: org ? w.orgs[org] : null };
        const where = `selfAssessment(${org ?? 'own'}) as ${p.label}`;
        const result = await call(p, 'query', 'selfAssessment', sheet, vars);
        failures.push(...scan(where, vars, result, secrets));
        const expectedOrg = org ?? p.org;
        if (organisationVisible(p, expectedOrg)) {
          const ir1 = result.data?.selfAssessment?.items?.find((i: any) => i.item.key === 'IR-1');
          if (
            result.data?.selfAssessment?.organisationId !== w.orgs[expectedOrg] ||
            ir1?.implementationMethod !== w.assessments[expectedOrg].method
          )
            failures.push(`${where}: ${describeResult(result)}`);
        } else if (result.errors?.[0]?.extensions?.code !== 'NOT_FOUND' || result.data) {
          failures.push(`${where}: expected NOT_FOUND, got ${describeResult(result)}`);
        }
      }
      {
        const result = await call(
          p,
          'query',
          'selfAssessmentOverview',
          `{ selfAssessmentOverview { organisations { organisationId total { implemented } } } }`,
        );
        failures.push(...scan(`selfAssessmentOverview as ${p.label}`, {}, result, secrets));
        const got = (result.data?.selfAssessmentOverview?.organisations ?? []).map(
          (o: any) => o.organisationId,
        );
        const expected = orgKeys.filter((o) => organisationVisible(p, o)).map((o) => w.orgs[o]);
        if (!sameSet(got, expected))
          failures.push(`selfAssessmentOverview as ${p.label}: expected [${expected}], got [${got}]`);
      }
      for (const org of orgKeys.filter((o) => !organisationVisible(p, o))) {
        const vars = {
          input: {
            organisationId: w.orgs[org],
            itemKey: 'IR-1',
            status: 'NOT_STARTED',
            implementationMethod: 'overwritten',
            expectedVersion: 1,
          },
        };
        const expected = roleHas(p.role, P.SELF_ASSESSMENT_WRITE) ? 'NOT_FOUND' : 'FORBIDDEN';
        const where = `setSelfAssessmentItem for ${org} as ${p.label}`;
        const before = await databaseDigest(t.dataSource);
        const result = await call(
          p,
          'mutation',
          'setSelfAssessmentItem',
          operationDocument(schema, 'mutation', 'setSelfAssessmentItem', vars),
          vars,
        );
        const after = await databaseDigest(t.dataSource);
        failures.push(...scan(where, vars, result, secrets));
        if (result.errors?.[0]?.extensions?.code !== expected || result.data)
          failures.push(`${where}: expected ${expected}, got ${describeResult(result)}`);
        const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
        if (changed.length) failures.push(`${where}: changed the database (${changed.join(', ')})`);
      }
      expect(failures).toEqual([]);
    });

    it('cannot change another organisation’s contacts: NOT_FOUND / FORBIDDEN, database unchanged', async () => {
      const p = w[key];
      const failures: string[] = [];
      const foreign = w.contacts.filter((c) => !contactVisible(p, c));
      if (isCityWide(p)) {
        expect(foreign).toEqual([]);
        return;
      }
      expect(foreign.length).toBeGreaterThan(0);
      const secrets = foreignDirectoryRecords(w, p);
      for (const c of foreign) {
        for (const [name, probe] of Object.entries(CONTACT_MUTATIONS)) {
          const vars = probe.vars(c, w);
          const expected = roleHas(p.role, MUTATIONS[name].permission) ? probe.foreign : 'FORBIDDEN';
          const where = `${name} on a contact of ${c.org} as ${p.label}`;
          const before = await databaseDigest(t.dataSource);
          const result = await call(
            p,
            'mutation',
            name,
            operationDocument(schema, 'mutation', name, vars),
            vars,
          );
          const after = await databaseDigest(t.dataSource);
          failures.push(...scan(where, vars, result, secrets));
          if (result.errors?.[0]?.extensions?.code !== expected || result.data) {
            failures.push(`${where}: expected ${expected}, got ${describeResult(result)}`);
          }
          const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
          if (changed.length) failures.push(`${where}: changed the database (${changed.join(', ')})`);
        }
      }
      expect(failures).toEqual([]);
    });
  });

  /** A node's nested fields belong to that incident and match the model, as `p` may see them. */
  function checkNested(node: any, i: ModelIncident, where: string, p: Person): string[] {
    const failures: string[] = [];
    const at = `${where} → ${i.label}`;
    const participantIds = [...i.participants].map((org) => w.orgs[org]);
    if (
      !sameSet(
        node.participants.map((x: any) => x.organisation.id),
        participantIds,
      )
    ) {
      failures.push(`${at}: participants ${JSON.stringify(node.participants)}`);
    }
    const strayContacts = node.participantContacts.filter(
      (c: any) => !participantIds.includes(c.organisationId),
    );
    if (strayContacts.length)
      failures.push(`${at}: participantContacts of non-participants ${JSON.stringify(strayContacts)}`);
    const expectedContacts = w.contacts
      .filter(
        (c) =>
          i.participants.has(c.org) && [ContactKind.INCIDENT_WINDOW, ContactKind.EMERGENCY].includes(c.kind),
      )
      .map((c) => c.id);
    if (
      !sameSet(
        node.participantContacts.map((c: any) => c.id),
        expectedContacts,
      )
    ) {
      failures.push(`${at}: participantContacts ${JSON.stringify(node.participantContacts)}`);
    }
    if (
      !sameSet(
        node.members.map((m: any) => `${m.user.id}:${m.role}`),
        i.members.map(([u, r]) => `${u}:${r}`),
      )
    ) {
      failures.push(`${at}: members ${JSON.stringify(node.members)}`);
    }
    if (
      node.tasks.some((task: any) => task.incidentId !== i.id) ||
      !node.tasks.some((task: any) => task.id === i.taskId)
    ) {
      failures.push(`${at}: tasks ${JSON.stringify(node.tasks)}`);
    }
    if (
      !sameSet(
        node.components.map((c: any) => c.id),
        [i.componentId],
      )
    ) {
      failures.push(`${at}: components ${JSON.stringify(node.components)}`);
    }
    if (node.latestTimelineEntry?.incidentId !== i.id)
      failures.push(`${at}: latestTimelineEntry of another incident`);
    const timeline = node.timeline.edges.map((e: any) => e.node.incidentId);
    if (
      timeline.length === 0 ||
      timeline.some((id: string) => id !== i.id) ||
      node.timeline.totalCount !== timeline.length
    ) {
      failures.push(`${at}: timeline ${JSON.stringify(node.timeline)}`);
    }
    if (node.reporterOrganisationId !== w.orgs[i.org] || node.reporterOrganisation.id !== w.orgs[i.org]) {
      failures.push(`${at}: reporter organisation ${node.reporterOrganisationId}`);
    }
    if (node.title !== i.title || node.reference !== i.reference || node.tlp !== i.tlp) {
      failures.push(
        `${at}: fields ${JSON.stringify({ title: node.title, reference: node.reference, tlp: node.tlp })}`,
      );
    }
    // Alerts: the caller's own organisation's only, unless city-wide; each with its delivery address.
    // Obligations: the incident's own, its preliminary report among them, owned by its reporter's organisation.
    if (
      node.obligations.some((o: any) => o.incidentId !== i.id || o.ownerOrganisationId !== w.orgs[i.org]) ||
      !node.obligations.some((o: any) => o.id === i.obligationId)
    ) {
      failures.push(`${at}: obligations ${JSON.stringify(node.obligations)}`);
    }
    const alertOrgs = node.alerts.map((a: any) => orgKeyOf(a.organisationId));
    if (!isCityWide(p) && alertOrgs.some((org: string) => org !== p.org)) {
      failures.push(`${at}: alerts of other organisations ${JSON.stringify(alertOrgs)}`);
    }
    if (
      node.alerts.some((a: any) => a.incidentId !== i.id) ||
      !sameSet(
        node.alerts.map((a: any) => a.id),
        w.alerts.filter((a) => a.incidentId === i.id && alertVisible(p, a.org)).map((a) => a.id),
      )
    ) {
      failures.push(`${at}: alerts ${JSON.stringify(node.alerts)}`);
    }
    const deliveries = node.alerts.flatMap((a: any) => a.deliveries);
    if (deliveries.length < node.alerts.length || deliveries.some((d: any) => !d.target)) {
      failures.push(`${at}: deliveries of its visible alerts without a target ${JSON.stringify(deliveries)}`);
    }
    // Engagements: which organisations were alerted is shared by all who see the incident, and names
    // none but its participants.
    const engaged = node.engagements.map((e: any) => orgKeyOf(e.organisationId));
    if (!sameSet(engaged, i.alerted) || engaged.some((org: OrgKey) => !i.participants.has(org))) {
      failures.push(`${at}: engagements ${JSON.stringify(node.engagements)}`);
    }
    // Escalations: the city's, and an organisation's own policy's only for it (and the city-wide).
    const scopes = node.escalations.map((e: any) => (e.scope === 'city' ? 'city' : orgKeyOf(e.scope)));
    if (
      !sameSet(
        scopes,
        [...i.escalationScopes].filter((scope) => scopeVisible(p, scope)),
      )
    ) {
      failures.push(`${at}: escalations ${JSON.stringify(node.escalations)}`);
    }
    for (const e of node.escalations.filter((e: any) => e.scope === 'city')) {
      if (!w.cityPolicyIds.includes(e.policyId)) failures.push(`${at}: city escalation ${JSON.stringify(e)}`);
    }
    return failures;
  }

  function orgKeyOf(id: string): string {
    return (Object.keys(w.orgs) as OrgKey[]).find((k) => w.orgs[k] === id) ?? `unknown ${id}`;
  }

  it('reporting with the dedupKey of an incident one may not see neither reveals nor touches it', async () => {
    // Runs after the read checks: reports with another organisation's key create incidents.
    const failures: string[] = [];
    const row = async (id: string) =>
      JSON.stringify(await t.dataSource.query(`SELECT * FROM incident WHERE id = $1`, [id]));
    for (const p of w.people) {
      const secrets = invisibleIncidentRecords(w, p);
      for (const i of w.incidents.filter((i) => !expectedVisible(p, i))) {
        const vars = REPORT_AGAIN(i, p);
        const where = `reportIncident with the dedupKey of ${i.label} as ${p.label}`;
        const before = { row: await row(i.id), digest: await databaseDigest(t.dataSource) };
        const result = await call(
          p,
          'mutation',
          'reportIncident',
          `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { deduplicated incident { id reporterOrganisationId } } }`,
          vars,
        );
        const after = { row: await row(i.id), digest: await databaseDigest(t.dataSource) };
        failures.push(...scan(where, vars, result, secrets));
        if (after.row !== before.row) failures.push(`${where}: changed the incident`);
        const error = result.errors?.[0]?.extensions;
        if (!roleHas(p.role, Permission.INCIDENT_REPORT) || p.org === i.org) {
          // No permission: FORBIDDEN. The key of an incident of one's own organisation that one may not
          // see (TLP:RED, not named): CONFLICT on the key, nothing recorded.
          const expected = roleHas(p.role, Permission.INCIDENT_REPORT) ? 'CONFLICT' : 'FORBIDDEN';
          if (error?.code !== expected || result.data) {
            failures.push(`${where}: expected ${expected}, got ${describeResult(result)}`);
          }
          if (JSON.stringify(after.digest) !== JSON.stringify(before.digest)) {
            failures.push(`${where}: changed the database`);
          }
        } else if (
          result.errors ||
          result.data.reportIncident.incident.id === i.id ||
          result.data.reportIncident.incident.reporterOrganisationId !== w.orgs[p.org]
        ) {
          // Another organisation's key: keys are per organisation, so this is a report of one's own.
          failures.push(`${where}: expected an incident of ${p.org}, got ${JSON.stringify(result)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('the probe documents succeed where the caller may act (so the refusals above are not accidents)', async () => {
    const failures: string[] = [];
    // A visible incident for the admin: reported on A's component, with a task and the admin named.
    const title = `ISO-scratch-${Date.now()}`;
    const dedupKey = `dedup-scratch-${Date.now()}`;
    const { reportIncident } = await t.gqlOk(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id reference } } }`,
      {
        input: {
          title,
          severity: 'SEV3',
          category: 'OTHER',
          componentIds: [w.components.a.id],
          dedupKey,
          personalDataInvolved: true,
        },
      },
      w.admin.token,
    );
    const scratch: ModelIncident = {
      label: 'scratch',
      org: 'A',
      tlp: 'AMBER',
      id: reportIncident.incident.id,
      reference: reportIncident.incident.reference,
      title,
      dedupKey,
      componentId: w.components.a.id,
      taskId: '',
      obligationId: await preliminaryOf(reportIncident.incident.id),
      statementId: '',
      reporter: w.admin,
      participants: new Set(['A', 'P']),
      members: [],
      alerted: new Set(['A']),
      escalationScopes: new Set(['city']),
    };
    await t.gqlOk(
      `mutation($id: ID!, $input: IncidentRoleInput!) { assignIncidentRole(id: $id, input: $input) { id } }`,
      { id: scratch.id, input: { userId: w.admin.id, role: 'COMMANDER' } },
      w.admin.token,
    );
    const { createIncidentTask } = await t.gqlOk(
      `mutation($id: ID!) { createIncidentTask(incidentId: $id, input: { title: "scratch task" }) { id } }`,
      { id: scratch.id },
      w.admin.token,
    );
    scratch.taskId = createIncidentTask.id;
    const { draftPublicStatement } = await t.gqlOk(
      `mutation($id: ID!) { draftPublicStatement(incidentId: $id, input: { titleJa: "scratch", bodyJa: "scratch" }) { id } }`,
      { id: scratch.id },
      w.admin.token,
    );
    scratch.statementId = draftPublicStatement.id;
    // Acknowledging needs an organisation that was alerted: A (RESPONSIBLE, with an incident window)
    // was, the promotion body (no incident window) was not. A's responder acknowledges for A; A's
    // stakeholder then changes nothing.
    {
      const vars = INCIDENT_MUTATIONS.acknowledgeIncident(scratch, w.responderA, w);
      const document = `mutation($incidentId: ID!, $note: String) { acknowledgeIncident(incidentId: $incidentId, note: $note) { incidentId organisationId acknowledged } }`;
      const first = await t.gql(document, vars, w.responderA.token);
      const again = await t.gql(document, vars, w.stakeholderA.token);
      const [engagement] = (await t.dataSource.query(
        `SELECT organisation_id, acknowledged_by_user_id FROM alert_engagement WHERE incident_id = $1 AND acknowledged_at IS NOT NULL`,
        [scratch.id],
      )) as { organisation_id: string; acknowledged_by_user_id: string }[];
      const answer = { incidentId: scratch.id, organisationId: w.orgs.A };
      if (
        JSON.stringify(first) !==
        JSON.stringify({ data: { acknowledgeIncident: { ...answer, acknowledged: true } } })
      )
        failures.push(
          `acknowledgeIncident for an alerted organisation as ${w.responderA.label}: ${JSON.stringify(first)}`,
        );
      if (
        JSON.stringify(again) !==
        JSON.stringify({ data: { acknowledgeIncident: { ...answer, acknowledged: false } } })
      )
        failures.push(`acknowledgeIncident again as ${w.stakeholderA.label}: ${JSON.stringify(again)}`);
      if (engagement?.organisation_id !== w.orgs.A || engagement.acknowledged_by_user_id !== w.responderA.id)
        failures.push(`acknowledgeIncident recorded ${JSON.stringify(engagement)}`);
    }
    for (const [name, probe] of [
      // The admin's organisation was not alerted (FORBIDDEN, checked above); A's responder succeeded.
      ...Object.entries(INCIDENT_MUTATIONS).filter(([name]) => name !== 'acknowledgeIncident'),
      ['reportIncident', (i: ModelIncident, caller: Person) => REPORT_AGAIN(i, caller)] as const,
    ]) {
      const vars = probe(scratch, w.admin, w);
      const result = await t.gql(operationDocument(schema, 'mutation', name, vars), vars, w.admin.token);
      if (result.errors)
        failures.push(`${name} on a visible incident as ${w.admin.label}: ${describeResult(result)}`);
    }
    // Contact writes on the caller's own organisation.
    const own = w.contacts.find((c) => c.org === 'A' && !c.stale) as ModelContact;
    for (const name of ['updateContact', 'verifyContact'] as const) {
      const vars = CONTACT_MUTATIONS[name].vars(own, w);
      const result = await t.gql(
        operationDocument(schema, 'mutation', name, vars),
        vars,
        w.stakeholderA.token,
      );
      if (result.errors)
        failures.push(`${name} on an own contact as ${w.stakeholderA.label}: ${describeResult(result)}`);
    }
    const createVars = CONTACT_MUTATIONS.createContact.vars(own, w) as { input: Record<string, unknown> };
    const created = await t.gql(
      `mutation($input: CreateContactInput!) { createContact(input: $input) { contact { id } } }`,
      { input: { ...createVars.input, webhookUrl: 'https://hooks.example.jp/renkei' } },
      w.stakeholderA.token,
    );
    if (created.errors) {
      failures.push(
        `createContact for the own organisation as ${w.stakeholderA.label}: ${describeResult(created)}`,
      );
    } else {
      // Its endpoint answered HTTP 410 (as the alert worker records it): enable it again, rotate its secret.
      const contactId = created.data.createContact.contact.id as string;
      await t.dataSource.query(
        `UPDATE contact SET webhook_disabled_at = now(), webhook_disabled_reason = 'HTTP 410 Gone' WHERE id = $1`,
        [contactId],
      );
      for (const name of ['enableWebhook', 'rotateWebhookSecret'] as const) {
        const vars = CONTACT_MUTATIONS[name].vars({ ...own, id: contactId }, w);
        const result = await t.gql(
          operationDocument(schema, 'mutation', name, vars),
          vars,
          w.stakeholderA.token,
        );
        if (result.errors)
          failures.push(`${name} on an own contact as ${w.stakeholderA.label}: ${describeResult(result)}`);
      }
      const [webhook] = (await t.dataSource.query(
        `SELECT webhook_disabled_at, webhook_previous_secret_sealed FROM contact WHERE id = $1`,
        [contactId],
      )) as { webhook_disabled_at: Date | null; webhook_previous_secret_sealed: string | null }[];
      if (webhook.webhook_disabled_at !== null || webhook.webhook_previous_secret_sealed === null)
        failures.push(`enableWebhook / rotateWebhookSecret left ${JSON.stringify(webhook)}`);
      const vars = CONTACT_MUTATIONS.deleteContact.vars({ ...own, id: contactId }, w);
      const result = await t.gql(
        operationDocument(schema, 'mutation', 'deleteContact', vars),
        vars,
        w.stakeholderA.token,
      );
      if (result.errors)
        failures.push(
          `deleteContact of an own contact as ${w.stakeholderA.label}: ${describeResult(result)}`,
        );
    }
    expect(failures).toEqual([]);
  });

  it('runbooks: each sees its own organisation’s and the published city-wide ones (city-wide roles: all); nobody changes another’s; findings follow their incident', async () => {
    const failures: string[] = [];
    const step = {
      key: 'contain',
      titleJa: '封じ込め',
      titleEn: 'Contain',
      assigneeKind: 'DUTY',
      assigneeDuty: 'RESPONSIBLE',
      expectedMinutes: 30,
    };
    const create = async (by: Person, scope: string, title: string, publish: boolean) => {
      const { createRunbook } = await t.gqlOk(
        `mutation($input: CreateRunbookInput!) { createRunbook(input: $input) { id draft { id } } }`,
        { input: { scope, content: { titleJa: title, titleEn: title, steps: [step] } } },
        by.token,
      );
      if (publish)
        await t.gqlOk(
          `mutation($id: ID!) { publishRunbook(runbookId: $id) { id } }`,
          { id: createRunbook.id },
          by.token,
        );
      return {
        id: createRunbook.id as string,
        versionId: createRunbook.draft.id as string,
        title,
        owner: by.org,
        scope,
        published: publish,
      };
    };
    const tag = Math.random().toString(36).slice(2, 8);
    const own = [
      await create(w.stakeholderA, 'STAKEHOLDER', `RB-A-published-${tag}`, true),
      await create(w.responderA, 'STAKEHOLDER', `RB-A-draft-${tag}`, false),
      await create(w.responderB, 'STAKEHOLDER', `RB-B-published-${tag}`, true),
      await create(w.coordinator, 'CITY_WIDE', `RB-city-published-${tag}`, true),
      await create(w.coordinator, 'CITY_WIDE', `RB-city-draft-${tag}`, false),
    ];
    const exampleIds = (
      (await t.dataSource.query(`SELECT id FROM runbook WHERE is_example`)) as { id: string }[]
    ).map((r) => r.id);
    const visible = (p: Person, r: (typeof own)[number]) =>
      isCityWide(p) || r.owner === p.org || (r.scope === 'CITY_WIDE' && r.published);
    const editable = (p: Person, r: (typeof own)[number]) =>
      isCityWide(p) || (r.scope === 'STAKEHOLDER' && r.owner === p.org);
    // A finding on A's AMBER+STRICT incident (A takes part), owned by A, proposing a change to A's runbook.
    const target = incident('A', 'AMBER_STRICT');
    const { addReviewFinding } = await t.gqlOk(
      `mutation($id: ID!, $input: AddFindingInput!) { addReviewFinding(incidentId: $id, input: $input) { id } }`,
      {
        id: target.id,
        input: {
          finding: `Lesson ${tag}`,
          actionKind: 'UPDATE_RUNBOOK_STEP',
          runbookId: own[0].id,
          stepKey: 'contain',
          proposedChange: 'Faster',
          ownerOrganisationId: w.orgs.A,
        },
      },
      w.responderA.token,
    );
    for (const p of w.people) {
      const secrets = new Map<string, string>();
      for (const r of own.filter((r) => !visible(p, r))) {
        secrets.set(r.id, `runbook ${r.title}`);
        secrets.set(r.title, `title of runbook ${r.title}`);
      }
      const list = await call(
        p,
        'query',
        'runbooks',
        `{ runbooks(filter: { includeRetired: true }, page: { first: 100 }) { totalCount edges { node { id currentVersion { titleEn } draft { id titleEn } versions { id } } } } }`,
      );
      failures.push(...scan(`runbooks as ${p.label}`, {}, list, secrets));
      const expected = [...exampleIds, ...own.filter((r) => visible(p, r)).map((r) => r.id)];
      const got = (list.data?.runbooks?.edges ?? []).map((e: any) => e.node.id);
      if (!sameSet(got, expected) || list.data?.runbooks?.totalCount !== expected.length)
        failures.push(`runbooks as ${p.label}: ${JSON.stringify(got)}`);
      for (const r of own) {
        const one = await call(
          p,
          'query',
          'runbook',
          `query($id: ID!) { runbook(id: $id) { id draft { id } } }`,
          { id: r.id },
        );
        failures.push(...scan(`runbook(${r.title}) as ${p.label}`, { id: r.id }, one, secrets));
        if (visible(p, r)) {
          const draftShown = Boolean(one.data?.runbook?.draft);
          const draftExpected = !r.published && (isCityWide(p) || r.owner === p.org);
          if (one.data?.runbook?.id !== r.id || draftShown !== draftExpected)
            failures.push(
              `runbook(${r.title}) as ${p.label}: ${describeResult(one)} ${JSON.stringify(one.data)}`,
            );
        } else if (one.errors?.[0]?.extensions?.code !== 'NOT_FOUND') {
          failures.push(`runbook(${r.title}) as ${p.label}: expected NOT_FOUND, got ${describeResult(one)}`);
        }
        if (editable(p, r)) continue;
        const writes: [string, Record<string, unknown>][] = [
          ['publishRunbook', { runbookId: r.id }],
          ['createRunbookDraft', { runbookId: r.id }],
          ['retireRunbook', { runbookId: r.id }],
          ['updateRunbookVersion', { id: r.versionId, input: { titleJa: 'x', titleEn: 'x', steps: [step] } }],
        ];
        for (const [name, vars] of writes) {
          const expectedCode = !roleHas(p.role, MUTATIONS[name].permission)
            ? 'FORBIDDEN'
            : visible(p, r) && (name !== 'updateRunbookVersion' || r.published)
              ? 'FORBIDDEN'
              : 'NOT_FOUND';
          const before = await databaseDigest(t.dataSource);
          const result = await call(
            p,
            'mutation',
            name,
            operationDocument(schema, 'mutation', name, vars),
            vars,
          );
          const after = await databaseDigest(t.dataSource);
          failures.push(...scan(`${name}(${r.title}) as ${p.label}`, vars, result, secrets));
          if (result.errors?.[0]?.extensions?.code !== expectedCode || result.data)
            failures.push(
              `${name}(${r.title}) as ${p.label}: expected ${expectedCode}, got ${describeResult(result)}`,
            );
          const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
          if (changed.length)
            failures.push(`${name}(${r.title}) as ${p.label}: changed ${changed.join(', ')}`);
        }
        if (!visible(p, r)) {
          const vars = { runbookId: r.id, input: { scope: 'STAKEHOLDER' } };
          const result = await call(
            p,
            'mutation',
            'copyRunbook',
            operationDocument(schema, 'mutation', 'copyRunbook', vars),
            vars,
          );
          const expectedCode = roleHas(p.role, P.RUNBOOK_WRITE) ? 'NOT_FOUND' : 'FORBIDDEN';
          if (result.errors?.[0]?.extensions?.code !== expectedCode)
            failures.push(`copyRunbook(${r.title}) as ${p.label}: ${describeResult(result)}`);
        }
      }
      // Suggestions are for an incident one may see (NOT_FOUND otherwise), and name only visible runbooks.
      for (const i of w.incidents) {
        const vars = { incidentId: i.id };
        const result = await call(
          p,
          'query',
          'suggestedRunbooks',
          `query($incidentId: ID!) { suggestedRunbooks(incidentId: $incidentId) { runbook { id } version { titleEn } } }`,
          vars,
        );
        failures.push(
          ...scan(
            `suggestedRunbooks(${i.label}) as ${p.label}`,
            vars,
            result,
            new Map([...secrets, ...invisibleIncidentRecords(w, p)]),
          ),
        );
        const ok = expectedVisible(p, i)
          ? !result.errors
          : result.errors?.[0]?.extensions?.code === 'NOT_FOUND' && !result.data;
        if (!ok) failures.push(`suggestedRunbooks(${i.label}) as ${p.label}: ${describeResult(result)}`);
      }
      // Findings follow their incident: those who cannot see it get NOT_FOUND and change nothing.
      if (!expectedVisible(p, target)) {
        for (const [name, vars] of [
          ['updateReviewFinding', { id: addReviewFinding.id, input: { status: 'DONE' } }],
          ['proposeRunbookChange', { findingId: addReviewFinding.id }],
        ] as const) {
          const expectedCode = roleHas(p.role, MUTATIONS[name].permission) ? 'NOT_FOUND' : 'FORBIDDEN';
          const before = await databaseDigest(t.dataSource);
          const result = await call(
            p,
            'mutation',
            name,
            operationDocument(schema, 'mutation', name, vars),
            vars,
          );
          const after = await databaseDigest(t.dataSource);
          if (result.errors?.[0]?.extensions?.code !== expectedCode || result.data)
            failures.push(`${name} as ${p.label}: expected ${expectedCode}, got ${describeResult(result)}`);
          if (JSON.stringify(after) !== JSON.stringify(before))
            failures.push(`${name} as ${p.label}: changed the database`);
        }
      }
    }
    // A writes its own runbooks and its own actions; the city writes city-wide ones.
    for (const [name, vars, who] of [
      [
        'createRunbook',
        { input: { scope: 'STAKEHOLDER', content: { titleJa: 'x', titleEn: 'x', steps: [step] } } },
        w.stakeholderA,
      ],
      ['copyRunbook', { runbookId: own[3].id, input: { scope: 'STAKEHOLDER' } }, w.stakeholderA],
      ['createRunbookDraft', { runbookId: own[0].id }, w.stakeholderA],
      [
        'updateRunbookVersion',
        { id: own[1].versionId, input: { titleJa: 'y', titleEn: 'y', steps: [step] } },
        w.responderA,
      ],
      ['proposeRunbookChange', { findingId: addReviewFinding.id }, w.stakeholderA],
      ['updateReviewFinding', { id: addReviewFinding.id, input: { status: 'DONE' } }, w.stakeholderA],
      ['publishRunbook', { runbookId: own[4].id }, w.coordinator],
      ['retireRunbook', { runbookId: own[2].id }, w.responderB],
    ] as const) {
      const result = await call(
        who,
        'mutation',
        name,
        operationDocument(schema, 'mutation', name, vars),
        vars,
      );
      if (result.errors) failures.push(`${name} as ${who.label} on its own: ${describeResult(result)}`);
    }
    expect(failures).toEqual([]);
  });

  it('exercises: each sees those its organisation organises or takes part in (city-wide roles: all), a player only its own side; nobody reads or changes another’s', async () => {
    const failures: string[] = [];
    const tag = Math.random().toString(36).slice(2, 8);
    const facilitator = w.coordinator;
    const playerFor: Partial<Record<OrgKey, Person>> = { A: w.responderA, B: w.responderB };
    const run = (by: Person, document: string, variables: Record<string, unknown>) =>
      t.gqlOk<any>(document, variables, by.token);
    const { createExerciseScenario: scenario } = await run(
      facilitator,
      `mutation($content: ScenarioContentInput!) { createExerciseScenario(content: $content) { id } }`,
      {
        content: {
          titleJa: `訓練-${tag}`,
          titleEn: `Drill-${tag}`,
          objectives: [{ key: 'OBJ-1', textJa: '初動', textEn: 'First response', checkSheetKeys: ['IR-1'] }],
          injects: ['K1', 'K2'].map((key, n) => ({
            key,
            offsetSeconds: 3600 * (n + 1),
            titleJa: `状況 ${key}`,
            titleEn: `Inject ${key}`,
            textJa: '不審な通信',
            textEn: 'Suspicious traffic',
            // Every organisation is named: only the exercise's players are reached.
            audience: { organisationIds: [w.orgs.A, w.orgs.B, w.orgs.C] },
            expectedActions: [
              {
                key: 'ACT-1',
                descriptionJa: '受領を確認する',
                descriptionEn: 'Acknowledge',
                withinSeconds: 600,
                objectiveKey: 'OBJ-1',
              },
            ],
          })),
        },
      },
    );
    // The promotion body's coordinator plans it; with `play`, starts it, sends K1 (K2 stays pending),
    // each player responds, the evaluator rates, and the plan gets an item per player and one for C.
    const plan = async (
      label: string,
      participants: Partial<Record<OrgKey, string>>,
      play: boolean,
    ): Promise<ModelExercise> => {
      const title = `EX-${label}-${tag}`;
      const description = `The description of exercise ${label} ${tag}`;
      const { createExercise } = await run(
        facilitator,
        `mutation($input: CreateExerciseInput!) { createExercise(input: $input) { id version injects { id key } } }`,
        {
          input: {
            scenarioId: scenario.id,
            title,
            description,
            participants: Object.entries(participants).map(([org, role]) => ({
              organisationId: w.orgs[org as OrgKey],
              role,
            })),
          },
        },
      );
      const x: ModelExercise = {
        label,
        id: createExercise.id,
        title,
        description,
        organiser: facilitator.org,
        participants,
        injects: createExercise.injects.map((i: any) => ({
          id: i.id,
          key: i.key,
          incidentId: null,
          recipients: [],
        })),
        responses: [],
        ratingIds: [],
        actionNote: `action-rating-${label}-${tag}`,
        objectiveNote: `objective-rating-${label}-${tag}`,
        items: [],
        finished: false,
        version: createExercise.version,
      };
      if (!play) return x;
      const players = (Object.keys(participants) as OrgKey[]).filter((org) => participants[org] === 'PLAYER');
      await run(facilitator, `mutation($id: ID!) { startExercise(id: $id) { id } }`, { id: x.id });
      await run(
        facilitator,
        `mutation($id: ID!, $injectId: ID!) { jumpToExerciseInject(id: $id, injectId: $injectId) { id } }`,
        { id: x.id, injectId: x.injects[0].id },
      );
      for (const org of players) {
        const text = `response-${label}-${org}-${tag}`;
        const { postExerciseResponse } = await run(
          playerFor[org] as Person,
          `mutation($id: ID!, $input: ExerciseResponseInput!) { postExerciseResponse(id: $id, input: $input) { id } }`,
          { id: x.id, input: { kind: 'ACTION', text, injectId: x.injects[0].id } },
        );
        x.responses.push({ id: postExerciseResponse.id, org, text });
      }
      const { rateExpectedAction } = await run(
        facilitator,
        `mutation($id: ID!, $input: RateActionInput!) { rateExpectedAction(id: $id, input: $input) { id } }`,
        {
          id: x.id,
          input: {
            injectId: x.injects[0].id,
            actionKey: 'ACT-1',
            rating: 'PARTIALLY_MET',
            note: x.actionNote,
          },
        },
      );
      x.ratingIds.push(rateExpectedAction.id);
      await run(
        facilitator,
        `mutation($id: ID!, $input: RateObjectiveInput!) { rateExerciseObjective(id: $id, input: $input) { objectiveKey } }`,
        { id: x.id, input: { objectiveKey: 'OBJ-1', rating: 'S', note: x.objectiveNote } },
      );
      for (const owner of [...players, 'C' as const]) {
        const itemTitle = `item-${label}-${owner}-${tag}`;
        const { addImprovementItem } = await run(
          facilitator,
          `mutation($id: ID!, $input: ImprovementItemInput!) { addImprovementItem(id: $id, input: $input) { id } }`,
          { id: x.id, input: { title: itemTitle, ownerOrganisationId: w.orgs[owner] } },
        );
        x.items.push({ id: addImprovementItem.id, owner, title: itemTitle });
      }
      const { exercise } = await run(
        facilitator,
        `query($id: ID!) { exercise(id: $id) { version injects { id incidentId recipientOrganisationIds } } }`,
        { id: x.id },
      );
      for (const inject of x.injects) {
        const read = exercise.injects.find((i: any) => i.id === inject.id);
        inject.incidentId = read.incidentId;
        inject.recipients = read.recipientOrganisationIds.map((id: string) => orgKeyOf(id) as OrgKey);
      }
      x.version = exercise.version;
      // The model: K1 went to the players only, through a drill incident; K2 is pending.
      expect(x.injects.map((i) => [i.key, [...i.recipients].sort(), Boolean(i.incidentId)])).toEqual([
        ['K1', players.sort(), true],
        ['K2', [], false],
      ]);
      return x;
    };
    const exercises = [
      await plan('A', { A: 'PLAYER' }, true),
      await plan('B', { B: 'PLAYER' }, true),
      await plan('A+B', { A: 'PLAYER', B: 'OBSERVER' }, true),
    ];
    const finished = exercises[1];
    await run(facilitator, `mutation($id: ID!) { finishExercise(id: $id) { id } }`, { id: finished.id });
    finished.finished = true;
    // The report's plan adds items for its findings (the partially met action), owned by who should act.
    const { exercise: after } = await run(
      facilitator,
      `query($id: ID!) { exercise(id: $id) { improvementItems { id findingKey ownerOrganisationId } } }`,
      { id: finished.id },
    );
    const generated = after.improvementItems.filter((i: any) => i.findingKey);
    expect(generated.length).toBeGreaterThan(0);
    for (const item of generated)
      finished.items.push({ id: item.id, owner: orgKeyOf(item.ownerOrganisationId) as OrgKey, title: null });
    // Sanity of the oracle: who sees which exercise, and whose every side.
    expect(
      Object.fromEntries(
        w.people.map((p) => [
          p.label,
          exercises
            .filter((x) => exerciseVisible(p, x))
            .map((x) => `${x.label}${exerciseStaff(p, x) ? ' (staff)' : ''}`),
        ]),
      ),
    ).toEqual({
      'ADMIN@P': ['A (staff)', 'B (staff)', 'A+B (staff)'],
      'COORDINATOR@P': ['A (staff)', 'B (staff)', 'A+B (staff)'],
      'RESPONDER@A': ['A', 'A+B'],
      'STAKEHOLDER@A': ['A', 'A+B'],
      'VIEWER@A': ['A', 'A+B'],
      'RESPONDER@B': ['B', 'A+B (staff)'],
    });

    /** A refused call: the expected code, no data, nothing leaked, the database unchanged. */
    const refused = async (
      p: Person,
      name: string,
      vars: Record<string, unknown>,
      expected: string,
      where: string,
      secrets: Map<string, string>,
    ) => {
      const before = await databaseDigest(t.dataSource);
      const result = await call(p, 'mutation', name, operationDocument(schema, 'mutation', name, vars), vars);
      const after = await databaseDigest(t.dataSource);
      failures.push(...scan(where, vars, result, secrets));
      if (result.errors?.[0]?.extensions?.code !== expected || result.data)
        failures.push(`${where}: expected ${expected}, got ${describeResult(result)}`);
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length) failures.push(`${where}: changed the database (${changed.join(', ')})`);
    };

    for (const p of w.people) {
      const secrets = exerciseSecrets(p, exercises);
      const visible = exercises.filter((x) => exerciseVisible(p, x));
      for (const statuses of [null, ['RUNNING'], ['FINISHED']]) {
        const vars = { statuses };
        const where = `exercises(${statuses ?? 'all'}) as ${p.label}`;
        const result = await call(
          p,
          'query',
          'exercises',
          `query($statuses: [ExerciseStatus!]) { exercises(statuses: $statuses, page: { first: 100 }) { totalCount edges { node { ${EXERCISE_FIELDS} } } } }`,
          vars,
        );
        failures.push(...scan(where, vars, result, secrets));
        const expected = visible
          .filter((x) => !statuses || statuses.includes(x.finished ? 'FINISHED' : 'RUNNING'))
          .map((x) => x.label);
        const nodes: any[] = result.data?.exercises?.edges?.map((e: any) => e.node) ?? [];
        const got = nodes.map((n) => exercises.find((x) => x.id === n.id)?.label ?? `unknown ${n.id}`);
        if (result.errors || !sameSet(got, expected) || result.data.exercises.totalCount !== expected.length)
          failures.push(`${where}: expected [${expected}], got [${got}] ${describeResult(result)}`);
        for (const node of nodes) {
          const x = exercises.find((e) => e.id === node.id);
          if (x) failures.push(...checkExercise(node, x, where, p));
        }
      }
      for (const x of exercises) {
        const vars = { id: x.id };
        const where = `exercise(${x.label}) as ${p.label}`;
        const result = await call(
          p,
          'query',
          'exercise',
          `query($id: ID!) { exercise(id: $id) { ${EXERCISE_FIELDS} } }`,
          vars,
        );
        failures.push(...scan(where, vars, result, secrets));
        if (exerciseVisible(p, x)) {
          if (result.errors || result.data?.exercise?.id !== x.id)
            failures.push(`${where}: expected the exercise, got ${describeResult(result)}`);
          else failures.push(...checkExercise(result.data.exercise, x, where, p));
        } else if (result.errors?.[0]?.extensions?.code !== 'NOT_FOUND' || result.data) {
          failures.push(`${where}: expected NOT_FOUND, got ${describeResult(result)}`);
        }
      }
      // Every mutation of an exercise one may not see: NOT_FOUND (FORBIDDEN without the permission).
      for (const x of exercises.filter((x) => !exerciseVisible(p, x))) {
        for (const [name, probe] of Object.entries(EXERCISE_MUTATIONS)) {
          const expected = roleHas(p.role, MUTATIONS[name].permission) ? 'NOT_FOUND' : 'FORBIDDEN';
          await refused(
            p,
            name,
            probe.vars(x, p, w),
            expected,
            `${name} on ${x.label} as ${p.label}`,
            secrets,
          );
        }
      }
      // In an exercise one sees, a player does not see the injects not sent to it nor others' items
      // (NOT_FOUND); staff see them but were not sent them / do not edit the plan (FORBIDDEN). Players
      // do not rate.
      const play = roleHas(p.role, P.EXERCISE_PLAY);
      for (const x of visible) {
        const hidden = play && !exerciseStaff(p, x) ? 'NOT_FOUND' : 'FORBIDDEN';
        for (const i of x.injects.filter((i) => !i.recipients.includes(p.org))) {
          await refused(
            p,
            'acknowledgeExerciseInject',
            { injectId: i.id, note: 'On it' },
            hidden,
            `acknowledgeExerciseInject(${i.key} of ${x.label}, not sent to ${p.org}) as ${p.label}`,
            secrets,
          );
        }
        if (isCityWide(p)) continue;
        for (const item of x.items.filter((item) => item.owner !== p.org)) {
          await refused(
            p,
            'updateImprovementItem',
            { itemId: item.id, input: { status: 'DONE' } },
            hidden,
            `updateImprovementItem(${item.owner}'s item of ${x.label}) as ${p.label}`,
            secrets,
          );
        }
        if (!exerciseStaff(p, x)) {
          await refused(
            p,
            'rateExpectedAction',
            EXERCISE_MUTATIONS.rateExpectedAction.vars(x, p, w),
            'FORBIDDEN',
            `rateExpectedAction on ${x.label} (a player) as ${p.label}`,
            secrets,
          );
        }
      }
    }

    // The probes succeed where the caller may act, in order (so the refusals above are not accidents):
    // the coordinator facilitates, A's responder plays.
    const scratch = await plan('scratch', { A: 'PLAYER' }, false);
    const cancelled = await plan('scratch-cancelled', { A: 'PLAYER' }, false);
    for (const [name, probe] of Object.entries(EXERCISE_MUTATIONS)) {
      const target = name === 'cancelExercise' ? cancelled : scratch;
      const caller = probe.by === 'facilitator' ? facilitator : w.responderA;
      const vars = probe.vars(target, caller, w);
      const result = await t.gql(operationDocument(schema, 'mutation', name, vars), vars, caller.token);
      if (result.errors)
        failures.push(`${name} on a visible exercise as ${caller.label}: ${describeResult(result)}`);
      if (name === 'addImprovementItem') {
        scratch.items = (
          (await t.dataSource.query(
            `SELECT id, title FROM exercise_improvement_item WHERE exercise_id = $1`,
            [scratch.id],
          )) as { id: string; title: string }[]
        ).map((row) => ({ id: row.id, owner: 'A', title: row.title }));
      }
    }
    const [state] = (await t.dataSource.query(
      `SELECT status, report IS NOT NULL AS reported FROM exercise WHERE id = $1`,
      [scratch.id],
    )) as { status: string; reported: boolean }[];
    if (state.status !== 'FINISHED' || !state.reported)
      failures.push(`the scratch exercise ended ${JSON.stringify(state)}`);
    expect(failures).toEqual([]);
  });

  /** An exercise node as `p` may see it: its own side only unless staff. */
  function checkExercise(node: any, x: ModelExercise, where: string, p: Person): string[] {
    const failures: string[] = [];
    const at = `${where} → ${x.label}`;
    const staff = exerciseStaff(p, x);
    const ids = (what: string, got: string[], expected: string[]) => {
      if (!sameSet(got, expected)) failures.push(`${at}: ${what} [${got}], expected [${expected}]`);
    };
    if (node.title !== x.title || node.myRole !== (x.participants[p.org] ?? null))
      failures.push(`${at}: title ${node.title}, myRole ${node.myRole}`);
    ids(
      'participants',
      node.participants.map((q: any) => `${orgKeyOf(q.organisationId)}:${q.role}`),
      Object.entries(x.participants).map(([org, role]) => `${org}:${role}`),
    );
    ids(
      'injects',
      node.injects.map((i: any) => i.id),
      x.injects.filter((i) => staff || i.recipients.includes(p.org)).map((i) => i.id),
    );
    for (const i of node.injects) {
      const acknowledged = i.acknowledgements.map((a: any) => orgKeyOf(a.organisationId));
      if (!staff && acknowledged.some((org: string) => org !== p.org))
        failures.push(`${at}: acknowledgements of ${acknowledged} on inject ${i.key}`);
    }
    ids(
      'responses',
      node.responses.map((r: any) => r.id),
      x.responses.filter((r) => staff || r.org === p.org).map((r) => r.id),
    );
    ids(
      'ratings',
      node.ratings.map((r: any) => r.id),
      staff ? x.ratingIds : [],
    );
    ids(
      'objectiveRatings',
      node.objectiveRatings.map((r: any) => r.note),
      staff ? [x.objectiveNote] : [],
    );
    ids(
      'improvementItems',
      node.improvementItems.map((i: any) => i.id),
      x.items.filter((i) => staff || i.owner === p.org).map((i) => i.id),
    );
    const report = node.afterActionReport;
    if (Boolean(report) !== (staff && x.finished) || (report && !String(report.document).includes(x.title)))
      failures.push(`${at}: afterActionReport ${report ? 'shown' : 'not shown'}`);
    const foreignEvents = node.events.filter(
      (e: any) => e.kind === 'rating' || (e.organisationId && orgKeyOf(e.organisationId) !== p.org),
    );
    if (!staff && foreignEvents.length)
      failures.push(`${at}: events of others ${JSON.stringify(foreignEvents)}`);
    if (staff && !node.events.some((e: any) => e.kind === 'rating')) failures.push(`${at}: no rating events`);
    return failures;
  }

  it('exercised every org- or TLP-scoped operation in the isolation checks', () => {
    const scoped = [
      ...Object.entries(QUERIES)
        .filter(
          ([, s]) =>
            s.isolation === 'incident' ||
            s.isolation === 'directory' ||
            s.isolation === 'runbook' ||
            s.isolation === 'exercise',
        )
        .map(([n]) => `Query.${n}`),
      ...Object.entries(MUTATIONS)
        .filter(
          ([, s]) =>
            s.isolation === 'incident' ||
            s.isolation === 'report' ||
            s.isolation === 'contact' ||
            s.isolation === 'assessment' ||
            s.isolation === 'runbook' ||
            s.isolation === 'exercise',
        )
        .map(([n]) => `Mutation.${n}`),
    ];
    expect(scoped.filter((op) => !exercised.has(op))).toEqual([]);
  });
});
