/** Platform roles (users and API keys). ADMIN and COORDINATOR are the promotion body and see the whole city. */
export enum PlatformRole {
  ADMIN = 'ADMIN',
  COORDINATOR = 'COORDINATOR',
  RESPONDER = 'RESPONDER',
  STAKEHOLDER = 'STAKEHOLDER',
  VIEWER = 'VIEWER',
}

export const PLATFORM_ROLES = Object.values(PlatformRole);

/** Who is acting: a logged-in user or a machine client with an API key. */
export interface Actor {
  kind: 'user' | 'apiKey';
  /** user id, or the API key id */
  id: string;
  /** the user behind the request; null for an API key */
  userId: string | null;
  organisationId: string;
  role: PlatformRole;
  displayName: string;
  /** A token issued only to finish a required TOTP enrolment. */
  mfaEnrollmentOnly?: boolean;
}

export function isCityWide(actor: Actor): boolean {
  return actor.role === PlatformRole.ADMIN || actor.role === PlatformRole.COORDINATOR;
}
