import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, In, IsNull } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { Actor, PlatformRole, isCityWide } from '@renkei/core/context/actor';
import { randomToken, sha256Hex } from '@renkei/core/crypto/secret-box';
import { rethrowConstraint } from '@renkei/core/database/database-errors';
import { badInput, notFound } from '@renkei/core/errors/domain.errors';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { AccountStatusCache } from './auth/account-status.cache';
import { hashPassword } from './auth/password';
import {
  AccountReviewFilter,
  CreateApiKeyInput,
  CreateUserInput,
  UpdateUserInput,
} from './dto/identity.type';
import { ApiKeyEntity } from './entities/api-key.entity';
import { MfaPolicyEntity } from './entities/mfa-policy.entity';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { UserEntity } from './entities/user.entity';

export interface AccountReviewRow {
  id: string;
  kind: 'USER' | 'API_KEY';
  name: string;
  email: string | null;
  organisationId: string;
  role: PlatformRole;
  active: boolean;
  secondFactor: boolean;
  secondFactorMissing: boolean;
  lastActiveAt: Date | null;
  createdAt: Date;
}

/** Accounts (users and API keys), their roles, and the MFA policy. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly accounts: AccountStatusCache,
    private readonly events: DomainEvents,
  ) {}

  async getUser(actor: Actor, id: string): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!user || (!isCityWide(actor) && user.id !== actor.userId)) throw notFound('User', id);
    return user;
  }

  async listUsers(actor: Actor): Promise<UserEntity[]> {
    const where = isCityWide(actor) ? {} : { organisationId: actor.organisationId };
    return this.dataSource.getRepository(UserEntity).find({ where, order: { email: 'ASC' } });
  }

  async usersByIds(ids: readonly string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return [];
    return this.dataSource.getRepository(UserEntity).findBy({ id: In([...ids]) });
  }

  async createUser(input: CreateUserInput): Promise<UserEntity> {
    const passwordHash = await hashPassword(input.password);
    return this.dataSource
      .transaction(async (manager) => {
        const organisation = await manager.findOneBy(OrganisationEntity, { id: input.organisationId });
        if (!organisation)
          throw badInput('input.organisationId', `Organisation ${input.organisationId} does not exist`);
        const user = await manager.save(
          manager.create(UserEntity, {
            email: input.email.trim().toLowerCase(),
            displayName: input.displayName.trim(),
            locale: input.locale ?? 'ja',
            organisationId: input.organisationId,
            role: input.role,
            passwordHash,
          }),
        );
        await this.audit.record(manager, {
          action: 'user.created',
          entityType: 'user',
          entityId: user.id,
          organisationId: user.organisationId,
          data: { email: user.email, role: user.role },
        });
        return user;
      })
      .catch((error) =>
        rethrowConstraint(error, { unique: ['input.email', 'A user with this email exists'] }),
      );
  }

  async updateUser(actor: Actor, id: string, input: UpdateUserInput): Promise<UserEntity> {
    const updated = await this.updateUserInTransaction(actor, id, input);
    // After commit: a request in between must not re-cache the old state.
    this.accounts.forget(id);
    this.events.emit('account', { userId: id });
    return updated;
  }

  private async updateUserInTransaction(
    actor: Actor,
    id: string,
    input: UpdateUserInput,
  ): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('User', id);
      if (id === actor.userId && (input.disabled || (input.role && input.role !== user.role))) {
        throw badInput(
          input.disabled ? 'input.disabled' : 'input.role',
          'You cannot disable yourself or change your own role',
        );
      }
      if (
        input.organisationId &&
        !(await manager.findOneBy(OrganisationEntity, { id: input.organisationId }))
      ) {
        throw badInput('input.organisationId', `Organisation ${input.organisationId} does not exist`);
      }
      const changes: Record<string, unknown> = {};
      for (const key of ['displayName', 'locale', 'organisationId', 'role', 'disabled'] as const) {
        if (input[key] !== undefined && input[key] !== user[key]) {
          changes[key] = { from: user[key], to: input[key] };
          (user as unknown as Record<string, unknown>)[key] = input[key];
        }
      }
      if (Object.keys(changes).length === 0) return user;
      const saved = await manager.save(user);
      if (changes.disabled || changes.role || changes.organisationId) {
        // A changed account starts over: its sessions end.
        await manager.update(
          RefreshTokenEntity,
          { userId: id, revokedAt: IsNull() },
          { revokedAt: new Date() },
        );
      }
      await this.audit.record(manager, {
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        organisationId: user.organisationId,
        data: changes,
      });
      return saved;
    });
  }

  async resetTotp(id: string): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneBy(UserEntity, { id });
      if (!user) throw notFound('User', id);
      await manager.update(UserEntity, { id }, { totpEnabled: false, totpSecret: null, totpLastStep: null });
      await this.audit.record(manager, {
        action: 'user.totp_reset',
        entityType: 'user',
        entityId: id,
        organisationId: user.organisationId,
      });
      return { ...user, totpEnabled: false, totpSecret: null, totpLastStep: null } as UserEntity;
    });
  }

  async mfaPolicies(): Promise<MfaPolicyEntity[]> {
    return this.dataSource.getRepository(MfaPolicyEntity).find({ order: { role: 'ASC' } });
  }

  async setMfaRequirement(actor: Actor, role: PlatformRole, required: boolean): Promise<MfaPolicyEntity> {
    return this.dataSource.transaction(async (manager) => {
      await manager.upsert(MfaPolicyEntity, { role, required, updatedById: actor.userId }, ['role']);
      await this.audit.record(manager, {
        action: 'mfa_policy.updated',
        entityType: 'mfa_policy',
        entityId: role,
        data: { required },
      });
      return (await manager.findOneBy(MfaPolicyEntity, { role })) as MfaPolicyEntity;
    });
  }

  /** Every account with its role, second factor and last activity, for the periodic review (サービス②-3). */
  async accountReview(filter: AccountReviewFilter = {}): Promise<AccountReviewRow[]> {
    const organisationFilter = filter.organisationIds?.length
      ? { organisationId: In(filter.organisationIds) }
      : {};
    const [users, keys, policies] = await Promise.all([
      this.dataSource.getRepository(UserEntity).find({ where: organisationFilter, order: { email: 'ASC' } }),
      this.dataSource
        .getRepository(ApiKeyEntity)
        .find({ where: organisationFilter, order: { createdAt: 'ASC' } }),
      this.mfaPolicies(),
    ]);
    const required = new Set(policies.filter((p) => p.required).map((p) => p.role));
    return [
      ...users.map((user) => ({
        id: user.id,
        kind: 'USER' as const,
        name: user.displayName,
        email: user.email,
        organisationId: user.organisationId,
        role: user.role,
        active: !user.disabled,
        secondFactor: user.totpEnabled,
        secondFactorMissing: required.has(user.role) && !user.totpEnabled,
        lastActiveAt: user.lastLoginAt,
        createdAt: user.createdAt,
      })),
      ...keys.map((key) => ({
        id: key.id,
        kind: 'API_KEY' as const,
        name: key.name,
        email: null,
        organisationId: key.organisationId,
        role: key.role,
        active: !key.revokedAt && (!key.expiresAt || key.expiresAt.getTime() > Date.now()),
        secondFactor: false,
        secondFactorMissing: false,
        lastActiveAt: key.lastUsedAt,
        createdAt: key.createdAt,
      })),
    ];
  }

  // ---- API keys ----

  async listApiKeys(organisationId?: string): Promise<ApiKeyEntity[]> {
    const where = organisationId ? { organisationId } : {};
    return this.dataSource.getRepository(ApiKeyEntity).find({ where, order: { createdAt: 'DESC' } });
  }

  async createApiKey(
    actor: Actor,
    input: CreateApiKeyInput,
  ): Promise<{ apiKey: ApiKeyEntity; secret: string }> {
    if (input.role === PlatformRole.ADMIN)
      throw badInput('input.role', 'API keys cannot hold the ADMIN role');
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now())
      throw badInput('input.expiresAt', 'expiresAt must be in the future');
    const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
    const secretPart = randomToken(32);
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.findOneBy(OrganisationEntity, { id: input.organisationId }))) {
        throw badInput('input.organisationId', `Organisation ${input.organisationId} does not exist`);
      }
      const apiKey = await manager.save(
        manager.create(ApiKeyEntity, {
          name: input.name.trim(),
          prefix,
          secretHash: sha256Hex(secretPart),
          organisationId: input.organisationId,
          role: input.role,
          createdById: actor.userId,
          expiresAt,
        }),
      );
      await this.audit.record(manager, {
        action: 'api_key.created',
        entityType: 'api_key',
        entityId: apiKey.id,
        organisationId: apiKey.organisationId,
        data: { name: apiKey.name, role: apiKey.role, prefix },
      });
      return { apiKey, secret: `rk_${prefix}_${secretPart}` };
    });
  }

  async revokeApiKey(id: string): Promise<ApiKeyEntity> {
    const revoked = await this.revokeApiKeyInTransaction(id);
    this.events.emit('account', { apiKeyId: id });
    return revoked;
  }

  private async revokeApiKeyInTransaction(id: string): Promise<ApiKeyEntity> {
    return this.dataSource.transaction(async (manager) => {
      const apiKey = await manager.findOneBy(ApiKeyEntity, { id });
      if (!apiKey) throw notFound('API key', id);
      if (apiKey.revokedAt) return apiKey;
      apiKey.revokedAt = new Date();
      await manager.save(apiKey);
      await this.audit.record(manager, {
        action: 'api_key.revoked',
        entityType: 'api_key',
        entityId: id,
        organisationId: apiKey.organisationId,
      });
      return apiKey;
    });
  }

  // ---- the first administrator ----

  /**
   * With no administrator at all, creates the first admin in the promotion body (creating a placeholder
   * promotion body if the directory is empty). Returns the generated password to print once, if any.
   */
  async ensureFirstAdmin(
    email: string | null,
    password: string | null,
  ): Promise<{ email: string; generatedPassword: string | null } | null> {
    if ((await this.dataSource.getRepository(UserEntity).count({ where: { role: PlatformRole.ADMIN } })) > 0)
      return null;
    const adminEmail = (email ?? 'admin@renkei.local').toLowerCase();
    const generatedPassword = password ? null : randomToken(18);
    const passwordHash = await hashPassword(password ?? (generatedPassword as string));
    await this.dataSource.transaction(async (manager) => {
      let promotionBody = await manager
        .getRepository(OrganisationEntity)
        .createQueryBuilder('o')
        .where(':role = ANY(o.guideline_roles)', { role: GuidelineRole.PROMOTION_BODY })
        .orderBy('o.created_at', 'ASC')
        .getOne();
      if (!promotionBody) {
        promotionBody = await manager.save(
          manager.create(OrganisationEntity, {
            nameJa: 'スマートシティ推進主体',
            nameEn: 'Smart city promotion body',
            guidelineRoles: [GuidelineRole.PROMOTION_BODY],
            description: 'Created with the first administrator; rename it to your city’s promotion body.',
          }),
        );
      }
      const admin = await manager.save(
        manager.create(UserEntity, {
          email: adminEmail,
          displayName: 'Administrator',
          locale: 'ja',
          organisationId: promotionBody.id,
          role: PlatformRole.ADMIN,
          passwordHash,
        }),
      );
      await this.audit.record(manager, {
        action: 'user.created',
        entityType: 'user',
        entityId: admin.id,
        organisationId: promotionBody.id,
        actor: null,
        data: { email: adminEmail, role: PlatformRole.ADMIN, firstAdmin: true },
      });
    });
    return { email: adminEmail, generatedPassword };
  }
}
