import { Args, ID, Mutation, Query, Resolver, Context } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import {
  AllowDuringMfaEnrollment,
  Permission,
  Public,
  RequirePermission,
} from '@renkei/core/auth/permissions';
import { Actor, PlatformRole } from '@renkei/core/context/actor';
import type { GraphqlContext } from '@renkei/core/graphql/graphql-context';
import { DirectoryService } from '@renkei/directory/directory.service';
import { toOrganisationRef } from '@renkei/directory/dto/organisation.type';
import { IssuedSession, AuthService } from './auth/auth.service';
import {
  AccountReviewEntry,
  AccountReviewFilter,
  ApiKey,
  ChangePasswordInput,
  CreateApiKeyInput,
  CreateUserInput,
  CreatedApiKey,
  LoginInput,
  MfaRequirement,
  Session,
  TotpEnrollment,
  UpdateUserInput,
  User,
  toApiKey,
  toUser,
} from './dto/identity.type';
import { UsersService } from './users.service';

function toSession(session: IssuedSession): Session {
  return { ...session, user: toUser(session.user) };
}

@Resolver()
export class IdentityResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: UsersService,
    private readonly directory: DirectoryService,
  ) {}

  @Mutation(() => Session, { description: 'Password login (plus a TOTP code when the account has one).' })
  @Public()
  async login(@Args('input') input: LoginInput, @Context() context: GraphqlContext): Promise<Session> {
    const ip = context.req.ip ?? context.req.socket?.remoteAddress ?? 'unknown';
    return toSession(await this.auth.login(input.email, input.password, input.totpCode, ip));
  }

  @Mutation(() => Session, {
    description: 'Exchanges a refresh token for a new session; the old token stops working.',
  })
  @Public()
  async refreshSession(@Args('refreshToken') refreshToken: string): Promise<Session> {
    return toSession(await this.auth.refresh(refreshToken));
  }

  @Mutation(() => Boolean)
  @Public()
  async logout(@Args('refreshToken') refreshToken: string): Promise<boolean> {
    return this.auth.logout(refreshToken);
  }

  @Query(() => User)
  @RequirePermission(Permission.SELF)
  @AllowDuringMfaEnrollment()
  async me(@CurrentActor() actor: Actor): Promise<User> {
    if (!actor.userId) {
      // An API key has no user record; describe it as the account it is.
      return {
        id: actor.id,
        email: '',
        displayName: actor.displayName,
        locale: 'en',
        organisationId: actor.organisationId,
        role: actor.role,
        totpEnabled: false,
        disabled: false,
        lastLoginAt: null,
        createdAt: new Date(0),
      };
    }
    return toUser(await this.accounts.getUser(actor, actor.userId));
  }

  @Mutation(() => Boolean)
  @RequirePermission(Permission.SELF)
  async changePassword(
    @CurrentActor() actor: Actor,
    @Args('input') input: ChangePasswordInput,
  ): Promise<boolean> {
    return this.auth.changePassword(actor, input.currentPassword, input.newPassword);
  }

  @Mutation(() => TotpEnrollment, {
    description: 'Starts TOTP enrolment: add the secret to an authenticator app, then confirm.',
  })
  @RequirePermission(Permission.SELF)
  @AllowDuringMfaEnrollment()
  async startTotpEnrollment(@CurrentActor() actor: Actor): Promise<TotpEnrollment> {
    return this.auth.startTotpEnrollment(actor);
  }

  @Mutation(() => Session, { description: 'Confirms TOTP with a current code and returns a full session.' })
  @RequirePermission(Permission.SELF)
  @AllowDuringMfaEnrollment()
  async confirmTotpEnrollment(@CurrentActor() actor: Actor, @Args('code') code: string): Promise<Session> {
    return toSession(await this.auth.confirmTotpEnrollment(actor, code));
  }

  @Mutation(() => Boolean)
  @RequirePermission(Permission.SELF)
  async disableTotp(@CurrentActor() actor: Actor, @Args('code') code: string): Promise<boolean> {
    return this.auth.disableTotp(actor, code);
  }

  @Query(() => [User], {
    description: 'Users you may see: the whole city for coordinators, otherwise your organisation.',
  })
  @RequirePermission(Permission.DIRECTORY_READ)
  async users(@CurrentActor() actor: Actor): Promise<User[]> {
    return (await this.accounts.listUsers(actor)).map(toUser);
  }

  @Mutation(() => User)
  @RequirePermission(Permission.USER_MANAGE)
  async createUser(@Args('input') input: CreateUserInput): Promise<User> {
    return toUser(await this.accounts.createUser(input));
  }

  @Mutation(() => User)
  @RequirePermission(Permission.USER_MANAGE)
  async updateUser(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateUserInput,
  ): Promise<User> {
    return toUser(await this.accounts.updateUser(actor, id, input));
  }

  @Mutation(() => User, { description: 'Removes a user’s second factor (lost device); they enrol again.' })
  @RequirePermission(Permission.USER_MANAGE)
  async resetUserTotp(@Args('id', { type: () => ID }) id: string): Promise<User> {
    return toUser(await this.accounts.resetTotp(id));
  }

  @Query(() => [MfaRequirement])
  @RequirePermission(Permission.ACCOUNT_REVIEW)
  async mfaRequirements(): Promise<MfaRequirement[]> {
    return (await this.accounts.mfaPolicies()).map((p) => ({ role: p.role, required: p.required }));
  }

  @Mutation(() => MfaRequirement, {
    description: 'Require (or stop requiring) a TOTP second factor for a role.',
  })
  @RequirePermission(Permission.SETTINGS_MANAGE)
  async setMfaRequirement(
    @CurrentActor() actor: Actor,
    @Args('role', { type: () => PlatformRole }) role: PlatformRole,
    @Args('required') required: boolean,
  ): Promise<MfaRequirement> {
    const policy = await this.accounts.setMfaRequirement(actor, role, required);
    return { role: policy.role, required: policy.required };
  }

  @Query(() => [AccountReviewEntry], {
    description: 'Every account, its role, second factor and last activity (サービス②-3).',
  })
  @RequirePermission(Permission.ACCOUNT_REVIEW)
  async accountReview(
    @Args('filter', { nullable: true }) filter?: AccountReviewFilter,
  ): Promise<AccountReviewEntry[]> {
    const rows = await this.accounts.accountReview(filter);
    const organisations = new Map(
      (await this.directory.organisationsByIds([...new Set(rows.map((r) => r.organisationId))])).map((o) => [
        o.id,
        o,
      ]),
    );
    return rows.map((row) => {
      const organisation = organisations.get(row.organisationId);
      return {
        ...row,
        organisation: organisation
          ? toOrganisationRef(organisation)
          : { id: row.organisationId, nameJa: '', nameEn: '', guidelineRoles: [] },
      };
    });
  }

  @Query(() => [ApiKey])
  @RequirePermission(Permission.API_KEY_MANAGE)
  async apiKeys(
    @Args('organisationId', { type: () => ID, nullable: true }) organisationId?: string,
  ): Promise<ApiKey[]> {
    return (await this.accounts.listApiKeys(organisationId)).map(toApiKey);
  }

  @Mutation(() => CreatedApiKey, {
    description: 'Creates an API key for a machine client. The secret is shown once.',
  })
  @RequirePermission(Permission.API_KEY_MANAGE)
  async createApiKey(
    @CurrentActor() actor: Actor,
    @Args('input') input: CreateApiKeyInput,
  ): Promise<CreatedApiKey> {
    const { apiKey, secret } = await this.accounts.createApiKey(actor, input);
    return { apiKey: toApiKey(apiKey), secret };
  }

  @Mutation(() => ApiKey)
  @RequirePermission(Permission.API_KEY_MANAGE)
  async revokeApiKey(@Args('id', { type: () => ID }) id: string): Promise<ApiKey> {
    return toApiKey(await this.accounts.revokeApiKey(id));
  }
}
