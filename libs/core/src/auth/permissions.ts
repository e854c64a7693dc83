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
  ]),
  [PlatformRole.STAKEHOLDER]: new Set([
    ...READ,
    Permission.CONTACT_WRITE,
    Permission.RUNBOOK_WRITE,
    Permission.INCIDENT_REPORT,
    Permission.INCIDENT_CONTRIBUTE,
    Permission.ALERT_ACKNOWLEDGE,
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
