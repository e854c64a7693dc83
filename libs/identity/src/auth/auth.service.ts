import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { Actor, PlatformRole } from '@renkei/core/context/actor';
import { SecretBox, randomToken, safeEqual, sha256Hex } from '@renkei/core/crypto/secret-box';
import {
  DomainError,
  ErrorCode,
  badInput,
  forbidden,
  unauthenticated,
} from '@renkei/core/errors/domain.errors';
import { ApiKeyEntity } from '../entities/api-key.entity';
import { LoginAttemptEntity } from '../entities/login-attempt.entity';
import { MfaPolicyEntity } from '../entities/mfa-policy.entity';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import { UserEntity } from '../entities/user.entity';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { AccountStatus, AccountStatusCache } from './account-status.cache';
import { signAccessToken, verifyAccessToken } from './access-token';
import { decoyHash, hashPassword, verifyPassword } from './password';
import { generateTotpSecret, otpauthUri, verifyTotp } from './totp';

export interface IssuedSession {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
  mfaEnrollmentRequired: boolean;
  user: UserEntity;
}

export const API_KEY_PATTERN = /^rk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

/** Login, sessions, TOTP and the authentication of every request (users and API keys). */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
    private readonly accounts: AccountStatusCache,
    private readonly events: DomainEvents,
  ) {}

  // ---- authenticating requests ----

  /** The actor behind an Authorization header (Bearer token or API key), or null. */
  async authenticate(authorization: string | undefined, apiKeyHeader?: string): Promise<Actor | null> {
    const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const credential = apiKeyHeader ?? bearer;
    if (!credential) return null;
    if (credential.startsWith('rk_')) return this.authenticateApiKey(credential);
    const claims = verifyAccessToken(credential, this.config.jwtSecret);
    if (!claims) return null;
    // The account, not the token, says whether and as whom the request acts: a disabled account, a
    // changed role or organisation, or a password change applies at once (within the cache's seconds
    // for changes made through another API process).
    const user = await this.accountStatus(claims.sub);
    if (!user || user.disabled || Math.floor(user.passwordChangedAt) > claims.iat) return null;
    return {
      kind: 'user',
      id: claims.sub,
      userId: claims.sub,
      organisationId: user.organisationId,
      role: user.role,
      displayName: user.displayName,
      mfaEnrollmentOnly: claims.mfaEnroll === true,
    };
  }

  private async accountStatus(userId: string): Promise<AccountStatus | null> {
    const cached = this.accounts.get(userId);
    if (cached) return cached;
    const [row] = (await this.dataSource.query(
      `SELECT role, organisation_id, disabled, display_name, extract(epoch FROM password_changed_at) AS changed FROM app_user WHERE id = $1`,
      [userId],
    )) as {
      role: PlatformRole;
      organisation_id: string;
      disabled: boolean;
      display_name: string;
      changed: string;
    }[];
    if (!row) return null;
    const status: AccountStatus = {
      role: row.role,
      organisationId: row.organisation_id,
      disabled: row.disabled,
      displayName: row.display_name,
      passwordChangedAt: Number(row.changed),
    };
    this.accounts.set(userId, status);
    return status;
  }

  private async authenticateApiKey(credential: string): Promise<Actor | null> {
    const match = credential.match(API_KEY_PATTERN);
    if (!match) return null;
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ prefix: match[1] });
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= Date.now())) return null;
    if (!safeEqual(key.secretHash, sha256Hex(match[2]))) return null;
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
      // Throttled bookkeeping for the account review; never fails the request.
      this.dataSource
        .query(`UPDATE api_key SET last_used_at = now() WHERE id = $1`, [key.id])
        .catch((error) => this.logger.warn(`could not record API key use: ${String(error)}`));
    }
    return {
      kind: 'apiKey',
      id: key.id,
      userId: null,
      organisationId: key.organisationId,
      role: key.role,
      displayName: `API key ${key.name}`,
    };
  }

  // ---- login ----

  async login(
    email: string,
    password: string,
    totpCode: string | undefined,
    ipAddress: string,
  ): Promise<IssuedSession> {
    const normalised = email.trim().toLowerCase();
    // The attempt is recorded as a failure before anything is checked, so that concurrent guesses
    // count against each other; it becomes a success (or is withdrawn) once the outcome is known.
    const attemptId = await this.openAttempt(normalised, ipAddress);
    await this.checkRateLimit(normalised, ipAddress, attemptId);
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email: normalised });
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
    if (!user || !passwordOk || user.disabled) throw unauthenticated('Invalid email or password');
    if (user.totpEnabled) {
      if (!totpCode) {
        await this.withdrawAttempt(attemptId);
        throw new DomainError(
          ErrorCode.UNAUTHENTICATED,
          'A TOTP code is required for this account',
          'totpCode',
          {
            reason: 'TOTP_REQUIRED',
          },
        );
      }
      const accepted = await this.acceptTotp(this.dataSource.manager, user, totpCode);
      if (!accepted) {
        throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Invalid TOTP code', 'totpCode', {
          reason: 'TOTP_INVALID',
        });
      }
    }
    const mfaRequired = !user.totpEnabled && (await this.mfaRequired(user.role));
    return this.dataSource.transaction(async (manager) => {
      await manager.update(LoginAttemptEntity, { id: attemptId }, { succeeded: true });
      await manager.update(UserEntity, { id: user.id }, { lastLoginAt: new Date() });
      const session = await this.issueSession(manager, user, mfaRequired);
      await this.audit.record(manager, {
        action: 'user.login',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisationId,
        actor: this.actorOf(user),
        data: { mfa: user.totpEnabled, restrictedToMfaEnrollment: mfaRequired, ipAddress },
      });
      return session;
    });
  }

  /** Counts failures in the window, this attempt included; a refused attempt is withdrawn, not counted. */
  private async checkRateLimit(email: string, ipAddress: string, attemptId: string): Promise<void> {
    const [row] = (await this.dataSource.query(
      `SELECT
         count(*) FILTER (WHERE email = $1)::int AS by_email,
         count(*) FILTER (WHERE ip_address = $2)::int AS by_ip
       FROM login_attempt
       WHERE NOT succeeded AND attempted_at > now() - make_interval(secs => $3)
         AND (email = $1 OR ip_address = $2)`,
      [email, ipAddress, this.config.loginWindowSeconds],
    )) as { by_email: number; by_ip: number }[];
    if (row.by_email > this.config.loginMaxFailures || row.by_ip > this.config.loginMaxFailures * 4) {
      await this.withdrawAttempt(attemptId);
      throw new DomainError(
        ErrorCode.TOO_MANY_REQUESTS,
        `Too many failed logins; try again in ${Math.ceil(this.config.loginWindowSeconds / 60)} minutes`,
      );
    }
  }

  private async openAttempt(email: string, ipAddress: string): Promise<string> {
    const result = await this.dataSource
      .getRepository(LoginAttemptEntity)
      .insert({ email, ipAddress, succeeded: false });
    return String(result.identifiers[0].id);
  }

  private async withdrawAttempt(id: string): Promise<void> {
    await this.dataSource.getRepository(LoginAttemptEntity).delete({ id });
  }

  /** Inside a transaction pass its manager: embedded mode has a single connection. */
  async mfaRequired(role: PlatformRole, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const policy = await manager.getRepository(MfaPolicyEntity).findOneBy({ role });
    return policy?.required ?? false;
  }

  actorOf(user: UserEntity): Actor {
    return {
      kind: 'user',
      id: user.id,
      userId: user.id,
      organisationId: user.organisationId,
      role: user.role,
      displayName: user.displayName,
    };
  }

  private async issueSession(
    manager: EntityManager,
    user: UserEntity,
    mfaEnrollmentOnly: boolean,
  ): Promise<IssuedSession> {
    const ttl = mfaEnrollmentOnly
      ? Math.min(600, this.config.accessTokenTtlSeconds)
      : this.config.accessTokenTtlSeconds;
    const { token, expiresAt } = signAccessToken(
      {
        sub: user.id,
        org: user.organisationId,
        role: user.role,
        name: user.displayName,
        ...(mfaEnrollmentOnly ? { mfaEnroll: true } : {}),
      },
      this.config.jwtSecret,
      ttl,
    );
    if (mfaEnrollmentOnly) {
      return {
        accessToken: token,
        accessTokenExpiresAt: expiresAt,
        refreshToken: null,
        refreshTokenExpiresAt: null,
        mfaEnrollmentRequired: true,
        user,
      };
    }
    const refreshToken = randomToken(32);
    const refreshTokenExpiresAt = new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000);
    await manager.insert(RefreshTokenEntity, {
      userId: user.id,
      tokenHash: sha256Hex(refreshToken),
      expiresAt: refreshTokenExpiresAt,
    });
    return {
      accessToken: token,
      accessTokenExpiresAt: expiresAt,
      refreshToken,
      refreshTokenExpiresAt,
      mfaEnrollmentRequired: false,
      user,
    };
  }

  /** Rotates a refresh token. Presenting a revoked token revokes every session of its user (token theft). */
  async refresh(refreshToken: string): Promise<IssuedSession> {
    const session = await this.dataSource.transaction(async (manager): Promise<IssuedSession | null> => {
      const stored = await manager.findOne(RefreshTokenEntity, {
        where: { tokenHash: sha256Hex(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!stored || stored.expiresAt.getTime() <= Date.now())
        throw unauthenticated('Invalid or expired refresh token');
      const user = await manager.findOneBy(UserEntity, { id: stored.userId });
      if (stored.revokedAt) {
        await manager.update(
          RefreshTokenEntity,
          { userId: stored.userId, revokedAt: IsNull() },
          { revokedAt: new Date() },
        );
        await this.audit.record(manager, {
          action: 'user.session_reuse_detected',
          entityType: 'user',
          entityId: stored.userId,
          organisationId: user?.organisationId ?? null,
          actor: null,
        });
        // Commit the revocation (throwing here would roll it back), then refuse below.
        return null;
      }
      if (!user || user.disabled) throw unauthenticated('Invalid or expired refresh token');
      await manager.update(RefreshTokenEntity, { id: stored.id }, { revokedAt: new Date() });
      const mfaMissing = !user.totpEnabled && (await this.mfaRequired(user.role, manager));
      return this.issueSession(manager, user, mfaMissing);
    });
    if (!session) throw unauthenticated('Invalid or expired refresh token');
    return session;
  }

  async logout(refreshToken: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(RefreshTokenEntity)
      .update({ tokenHash: sha256Hex(refreshToken), revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  // ---- TOTP ----

  private async acceptTotp(manager: EntityManager, user: UserEntity, code: string): Promise<boolean> {
    if (!user.totpSecret) return false;
    const step = verifyTotp(this.secrets.decrypt(user.totpSecret), code);
    if (step === null) return false;
    // Single use: only a step later than the last accepted one counts (RFC 6238 §5.2).
    const result = await manager.query(
      `UPDATE app_user SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
      [user.id, step],
    );
    return (result[0] as unknown[]).length === 1;
  }

  async startTotpEnrollment(actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.requireUser(actor);
    if (user.totpEnabled) throw badInput('totp', 'TOTP is already enabled; disable it first to enrol again');
    const secret = generateTotpSecret();
    await this.dataSource
      .getRepository(UserEntity)
      .update({ id: user.id }, { totpSecret: this.secrets.encrypt(secret) });
    return { secret, otpauthUri: otpauthUri(secret, user.email) };
  }

  async confirmTotpEnrollment(actor: Actor, code: string): Promise<IssuedSession> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(UserEntity, {
        where: { id: actor.userId ?? '' },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user) throw unauthenticated();
      if (user.totpEnabled) throw badInput('code', 'TOTP is already enabled');
      if (!user.totpSecret) throw badInput('code', 'Start the enrolment first (startTotpEnrollment)');
      if (!(await this.acceptTotp(manager, user, code)))
        throw badInput('code', 'The code does not match; check the device clock');
      user.totpEnabled = true;
      await manager.update(UserEntity, { id: user.id }, { totpEnabled: true });
      await this.audit.record(manager, {
        action: 'user.totp_enabled',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisationId,
      });
      return this.issueSession(manager, user, false);
    });
  }

  async disableTotp(actor: Actor, code: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(UserEntity, {
        where: { id: actor.userId ?? '' },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user) throw unauthenticated();
      if (!user.totpEnabled) throw badInput('code', 'TOTP is not enabled');
      if (await this.mfaRequired(user.role, manager)) throw forbidden('Your role requires a second factor');
      if (!(await this.acceptTotp(manager, user, code))) throw badInput('code', 'Invalid TOTP code');
      await manager.update(
        UserEntity,
        { id: user.id },
        { totpEnabled: false, totpSecret: null, totpLastStep: null },
      );
      await this.audit.record(manager, {
        action: 'user.totp_disabled',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisationId,
      });
      return true;
    });
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<boolean> {
    const user = await this.requireUser(actor);
    if (!(await verifyPassword(user.passwordHash, currentPassword)))
      throw badInput('input.currentPassword', 'The current password is wrong');
    if (currentPassword === newPassword)
      throw badInput('input.newPassword', 'Choose a password different from the current one');
    const passwordHash = await hashPassword(newPassword);
    const changed = await this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, { id: user.id }, { passwordHash, passwordChangedAt: new Date() });
      await manager.update(
        RefreshTokenEntity,
        { userId: user.id, revokedAt: IsNull() },
        { revokedAt: new Date() },
      );
      await this.audit.record(manager, {
        action: 'user.password_changed',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisationId,
      });
      return true;
    });
    this.accounts.forget(user.id);
    this.events.emit('account', { userId: user.id });
    return changed;
  }

  private async requireUser(actor: Actor): Promise<UserEntity> {
    if (!actor.userId) throw forbidden('Only users (not API keys) can do this');
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: actor.userId });
    if (!user || user.disabled) throw unauthenticated();
    return user;
  }
}
