import { IsOptionalNotNull } from '@renkei/core/validation/optional-not-null';
import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  IsISO8601,
} from 'class-validator';
import { PlatformRole } from '@renkei/core/context/actor';
import { OrganisationRef } from '@renkei/directory/dto/organisation.type';
import { ApiKeyEntity } from '../entities/api-key.entity';
import { UserEntity } from '../entities/user.entity';

registerEnumType(PlatformRole, { name: 'PlatformRole' });

@ObjectType()
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  displayName: string;

  @Field()
  locale: string;

  @Field(() => ID)
  organisationId: string;

  @Field(() => PlatformRole)
  role: PlatformRole;

  @Field()
  totpEnabled: boolean;

  @Field()
  disabled: boolean;

  @Field(() => Date, { nullable: true })
  lastLoginAt: Date | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class Session {
  @Field()
  accessToken: string;

  @Field()
  accessTokenExpiresAt: Date;

  @Field(() => String, { nullable: true, description: 'Absent for a session restricted to TOTP enrolment.' })
  refreshToken: string | null;

  @Field(() => Date, { nullable: true })
  refreshTokenExpiresAt: Date | null;

  @Field({
    description: 'Your role requires a second factor: enrol TOTP with this token, then log in again.',
  })
  mfaEnrollmentRequired: boolean;

  @Field(() => User)
  user: User;
}

@ObjectType()
export class TotpEnrollment {
  @Field({ description: 'Base32 secret for the authenticator app.' })
  secret: string;

  @Field()
  otpauthUri: string;
}

@ObjectType()
export class ApiKey {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'The public part of the key (rk_<prefix>_…), for recognising it.' })
  prefix: string;

  @Field(() => ID)
  organisationId: string;

  @Field(() => PlatformRole)
  role: PlatformRole;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field({ description: 'The full key. Shown once; only its hash is stored.' })
  secret: string;
}

@ObjectType({ description: 'One account for the periodic access review (サービス②-3).' })
export class AccountReviewEntry {
  @Field(() => ID)
  id: string;

  @Field({ description: 'USER or API_KEY' })
  kind: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  email: string | null;

  @Field(() => OrganisationRef)
  organisation: OrganisationRef;

  @Field(() => PlatformRole)
  role: PlatformRole;

  @Field()
  active: boolean;

  @Field({ description: 'TOTP enabled (users); false for API keys.' })
  secondFactor: boolean;

  @Field({ description: 'The role requires a second factor and this user has none.' })
  secondFactorMissing: boolean;

  @Field(() => Date, { nullable: true, description: 'Last login (users) or last use (API keys).' })
  lastActiveAt: Date | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class MfaRequirement {
  @Field(() => PlatformRole)
  role: PlatformRole;

  @Field()
  required: boolean;
}

const EMAIL = { message: 'email must be an email address' };

@InputType()
export class LoginInput {
  @Field()
  @IsEmail({}, EMAIL)
  @MaxLength(320)
  email: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  password: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'totpCode must be 6 digits' })
  totpCode?: string;
}

@InputType()
export class CreateUserInput {
  @Field()
  @IsEmail({}, EMAIL)
  @MaxLength(320)
  email: string;

  @Field()
  @IsString()
  @Matches(/\S/, { message: 'displayName must not be blank' })
  @MaxLength(200)
  displayName: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(['ja', 'en'])
  locale?: 'ja' | 'en';

  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => PlatformRole)
  @IsEnum(PlatformRole)
  role: PlatformRole;

  @Field({ description: 'At least 12 characters.' })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(200)
  password: string;
}

@InputType()
export class UpdateUserInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/\S/, { message: 'displayName must not be blank' })
  @MaxLength(200)
  displayName?: string;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsIn(['ja', 'en'])
  locale?: 'ja' | 'en';

  @Field(() => ID, { nullable: true })
  @IsOptionalNotNull()
  @IsUUID()
  organisationId?: string;

  @Field(() => PlatformRole, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(PlatformRole)
  role?: PlatformRole;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsBoolean()
  disabled?: boolean;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @MaxLength(1000)
  currentPassword: string;

  @Field()
  @IsString()
  @MinLength(12, { message: 'newPassword must be at least 12 characters' })
  @MaxLength(200)
  newPassword: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field()
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  name: string;

  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => PlatformRole)
  @IsEnum(PlatformRole)
  role: PlatformRole;

  @Field({ nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt?: string;
}

@InputType()
export class AccountReviewFilter {
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  organisationIds?: string[];
}

export function toUser(entity: UserEntity): User {
  return {
    id: entity.id,
    email: entity.email,
    displayName: entity.displayName,
    locale: entity.locale,
    organisationId: entity.organisationId,
    role: entity.role,
    totpEnabled: entity.totpEnabled,
    disabled: entity.disabled,
    lastLoginAt: entity.lastLoginAt,
    createdAt: entity.createdAt,
  };
}

export function toApiKey(entity: ApiKeyEntity): ApiKey {
  return {
    id: entity.id,
    name: entity.name,
    prefix: entity.prefix,
    organisationId: entity.organisationId,
    role: entity.role,
    createdAt: entity.createdAt,
    lastUsedAt: entity.lastUsedAt,
    expiresAt: entity.expiresAt,
    revokedAt: entity.revokedAt,
  };
}
