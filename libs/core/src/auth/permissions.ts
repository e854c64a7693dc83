import { SetMetadata } from '@nestjs/common';
import { PlatformRole } from '../context/actor';

/** What an operation needs. Every GraphQL operation declares one (or is @Public); the guard denies the rest. */
export enum Permission {
  SELF = 'SELF',
  ACCOUNT_REVIEW = 'ACCOUNT_REVIEW',
  USER_MANAGE = 'USER_MANAGE',
  API_KEY_MANAGE = 'API_KEY_MANAGE',
  SETTINGS_MANAGE = 'SETTINGS_MANAGE',
  DIRECTORY_READ = 'DIRECTORY_READ',
  DIRECTORY_MANAGE = 'DIRECTORY_MANAGE',
  CONTACT_WRITE = 'CONTACT_WRITE',
  MAP_READ = 'MAP_READ',
  MAP_MANAGE = 'MAP_MANAGE',
  INCIDENT_READ = 'INCIDENT_READ',
  INCIDENT_REPORT = 'INCIDENT_REPORT',
  INCIDENT_MANAGE = 'INCIDENT_MANAGE',
  INCIDENT_CONTRIBUTE = 'INCIDENT_CONTRIBUTE',
  AUDIT_READ = 'AUDIT_READ',
  /** Acknowledge alerts for one's own organisation. */
  ALERT_ACKNOWLEDGE = 'ALERT_ACKNOWLEDGE',
  /** Dead letters: list and re-drive alerts that failed on every channel. */
  ALERT_OPERATE = 'ALERT_OPERATE',
  ESCALATION_POLICY_MANAGE = 'ESCALATION_POLICY_MANAGE',
  /** Tabletop exercises one's organisation takes part in (and the scenario library). */
  EXERCISE_READ = 'EXERCISE_READ',
  /** Play in an exercise: acknowledge injects, post responses; rate as an evaluator. */
  EXERCISE_PLAY = 'EXERCISE_PLAY',
  /** Write scenarios, plan and run exercises (facilitate), manage the improvement plan. */
  EXERCISE_MANAGE = 'EXERCISE_MANAGE',
  /** The guideline catalogue: editions, check-sheet items, CPSF measures. */
  GUIDELINE_READ = 'GUIDELINE_READ',
  /** Self-assessments (§4.2 check sheet): one's own organisation's; city-wide roles see all. */
  SELF_ASSESSMENT_READ = 'SELF_ASSESSMENT_READ',
  /** Record one's own organisation's self-assessment (city-wide roles: any organisation's). */
  SELF_ASSESSMENT_WRITE = 'SELF_ASSESSMENT_WRITE',
  /** Statutory reporting rules (APPI Art. 26 and others). */
  REPORTING_RULE_MANAGE = 'REPORTING_RULE_MANAGE',
  /** The city's incident report templates (IR③ 報告様式). */
  REPORT_TEMPLATE_MANAGE = 'REPORT_TEMPLATE_MANAGE',
  /** Draft statements to residents on incidents one's organisation takes part in. */
  PUBLIC_STATEMENT_DRAFT = 'PUBLIC_STATEMENT_DRAFT',
  /** Approve (publish) and withdraw statements to residents; keep the inquiry contacts. */
  PUBLIC_INFORMATION_MANAGE = 'PUBLIC_INFORMATION_MANAGE',
  /** Read the runbook library (published city-wide runbooks, one's own organisation's). */
  RUNBOOK_READ = 'RUNBOOK_READ',
  /** Write runbooks: city-wide ones as the promotion body, one's own organisation's otherwise. */
  RUNBOOK_WRITE = 'RUNBOOK_WRITE',
}

const ALL = Object.values(Permission);
const READ = [
  Permission.SELF,
  Permission.DIRECTORY_READ,
  Permission.MAP_READ,
  Permission.INCIDENT_READ,
  Permission.EXERCISE_READ,
  Permission.GUIDELINE_READ,
  Permission.SELF_ASSESSMENT_READ,
  Permission.RUNBOOK_READ,
];

/** The role matrix. Tenant scope (own organisation, TLP) is applied on top of this in the data layer. */
export const ROLE_PERMISSIONS: Record<PlatformRole, ReadonlySet<Permission>> = {
  [PlatformRole.ADMIN]: new Set(ALL),
  [PlatformRole.COORDINATOR]: new Set([
    ...READ,
    Permission.ACCOUNT_REVIEW,
    Permission.API_KEY_MANAGE,
    Permission.DIRECTORY_MANAGE,
    Permission.CONTACT_WRITE,
    Permission.MAP_MANAGE,
    Permission.INCIDENT_REPORT,
    Permission.INCIDENT_MANAGE,
    Permission.INCIDENT_CONTRIBUTE,
    Permission.ALERT_ACKNOWLEDGE,
    Permission.ALERT_OPERATE,
    Permission.ESCALATION_POLICY_MANAGE,
    Permission.EXERCISE_PLAY,
    Permission.EXERCISE_MANAGE,
    Permission.SELF_ASSESSMENT_WRITE,
    Permission.REPORTING_RULE_MANAGE,
    Permission.REPORT_TEMPLATE_MANAGE,
    Permission.PUBLIC_STATEMENT_DRAFT,
    Permission.PUBLIC_INFORMATION_MANAGE,
    Permission.RUNBOOK_WRITE,
  ]),
  [PlatformRole.RESPONDER]: new Set([
    ...READ,
    Permission.CONTACT_WRITE,
    Permission.RUNBOOK_WRITE,
    Permission.INCIDENT_REPORT,
    Permission.INCIDENT_MANAGE,
    Permission.INCIDENT_CONTRIBUTE,
    Permission.ALERT_ACKNOWLEDGE,
    Permission.EXERCISE_PLAY,
    Permission.SELF_ASSESSMENT_WRITE,
    Permission.PUBLIC_STATEMENT_DRAFT,
  ]),
  [PlatformRole.STAKEHOLDER]: new Set([
    ...READ,
    Permission.CONTACT_WRITE,
    Permission.RUNBOOK_WRITE,
    Permission.INCIDENT_REPORT,
    Permission.INCIDENT_CONTRIBUTE,
    Permission.ALERT_ACKNOWLEDGE,
    Permission.EXERCISE_PLAY,
    Permission.SELF_ASSESSMENT_WRITE,
  ]),
  [PlatformRole.VIEWER]: new Set(READ),
};

export function roleHas(role: PlatformRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export const PERMISSION_KEY = 'renkei:permission';
export const PUBLIC_KEY = 'renkei:public';
export const MFA_ENROLLMENT_KEY = 'renkei:mfa-enrollment';

/** The permission an operation requires. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);
/** No authentication (login, token refresh). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** Reachable with the restricted token issued to finish a required TOTP enrolment. */
export const AllowDuringMfaEnrollment = () => SetMetadata(MFA_ENROLLMENT_KEY, true);
