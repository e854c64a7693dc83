import { DataSource } from 'typeorm';
import { PlatformRole } from '@renkei/core/context/actor';
import { ContactKind, ContactType, GuidelineRole } from '@renkei/directory/directory.enums';
import { ContactEntity } from '@renkei/directory/entities/contact.entity';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { hashPassword } from '@renkei/identity/auth/password';
import { UserEntity } from '@renkei/identity/entities/user.entity';
import { AssignmentEntity } from '@renkei/responsibility/entities/assignment.entity';
import { ComponentEntity } from '@renkei/responsibility/entities/component.entity';
import {
  ComponentCategory,
  ComponentKind,
  Duty,
  ResponsibilityBoundary,
} from '@renkei/responsibility/responsibility.enums';

export const PASSWORD = 'correct-horse-battery-staple';
let passwordHash: Promise<string> | undefined;

/** Factories that write straight to the database (fast setup); behaviour is then driven through the API. */
export class Fixtures {
  private counter = 0;

  constructor(private readonly dataSource: DataSource) {}

  private next(): number {
    this.counter += 1;
    return this.counter;
  }

  async organisation(overrides: Partial<OrganisationEntity> = {}): Promise<OrganisationEntity> {
    const n = this.next();
    return this.dataSource.getRepository(OrganisationEntity).save({
      nameJa: `組織${n}-${Math.random().toString(36).slice(2, 7)}`,
      nameEn: `Organisation ${n}`,
      guidelineRoles: [GuidelineRole.SERVICE_PROVIDER],
      description: '',
      ...overrides,
    });
  }

  async user(
    organisation: OrganisationEntity,
    role: PlatformRole,
    overrides: Partial<UserEntity> = {},
  ): Promise<UserEntity> {
    passwordHash ??= hashPassword(PASSWORD);
    const n = this.next();
    return this.dataSource.getRepository(UserEntity).save({
      email: `user${n}-${Math.random().toString(36).slice(2, 7)}@example.jp`,
      displayName: `User ${n}`,
      locale: 'ja',
      organisationId: organisation.id,
      role,
      passwordHash: await passwordHash,
      ...overrides,
    });
  }

  async contact(
    organisation: OrganisationEntity,
    kind = ContactKind.INCIDENT_WINDOW,
    overrides: Partial<ContactEntity> = {},
  ) {
    const n = this.next();
    return this.dataSource.getRepository(ContactEntity).save({
      organisationId: organisation.id,
      type: ContactType.FUNCTION,
      kind,
      name: `Desk ${n}`,
      email: `desk${n}@example.jp`,
      locale: 'ja',
      lastVerifiedAt: new Date(),
      notes: '',
      ...overrides,
    } as ContactEntity);
  }

  async component(overrides: Partial<ComponentEntity> = {}): Promise<ComponentEntity> {
    const n = this.next();
    return this.dataSource.getRepository(ComponentEntity).save({
      nameJa: `部品${n}-${Math.random().toString(36).slice(2, 7)}`,
      nameEn: `Component ${n}`,
      category: ComponentCategory.SERVICE,
      kind: ComponentKind.SERVICE,
      description: '',
      ...overrides,
    });
  }

  async assign(
    component: ComponentEntity,
    organisation: OrganisationEntity,
    duty = Duty.RESPONSIBLE,
    boundary = ResponsibilityBoundary.SYSTEM,
  ) {
    return this.dataSource.getRepository(AssignmentEntity).save({
      componentId: component.id,
      organisationId: organisation.id,
      duty,
      boundary,
      note: '',
    });
  }
}

/** A digest of every application table's content: "the database is unchanged" compares two of these. */
export async function databaseDigest(dataSource: DataSource): Promise<Record<string, string>> {
  const tables: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('schema_migrations', 'login_attempt') ORDER BY table_name`,
  );
  const digest: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [{ hash }] = await dataSource.query(
      `SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS hash FROM "${table_name}" t`,
    );
    digest[table_name] = hash;
  }
  return digest;
}
