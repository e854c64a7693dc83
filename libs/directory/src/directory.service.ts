import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { SecretBox } from '@renkei/core/crypto/secret-box';
import { rethrowConstraint } from '@renkei/core/database/database-errors';
import { badInput, forbidden, notFound } from '@renkei/core/errors/domain.errors';
import { ContactChannel, ContactKind, ContactType, RelationshipKind } from './directory.enums';
import {
  ContactFilter,
  CreateContactInput,
  CreateOrganisationInput,
  CreateRelationshipInput,
  OrganisationFilter,
  UpdateContactInput,
  UpdateOrganisationInput,
} from './dto/directory.input';
import { ContactEntity } from './entities/contact.entity';
import { OrganisationRelationshipEntity } from './entities/organisation-relationship.entity';
import { OrganisationEntity } from './entities/organisation.entity';

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The shared directory (IR②). Coordinators and admins see and edit every organisation; everyone else
 * sees only their own organisation's records and may keep its contacts current.
 */
@Injectable()
export class DirectoryService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
  ) {}

  get staleDays(): number {
    return this.config.contactStaleDays;
  }

  // ---- organisations ----

  async listOrganisations(actor: Actor, filter: OrganisationFilter = {}): Promise<OrganisationEntity[]> {
    const query = this.dataSource.getRepository(OrganisationEntity).createQueryBuilder('o');
    if (!isCityWide(actor)) query.andWhere('o.id = :own', { own: actor.organisationId });
    if (filter.roles?.length) query.andWhere('o.guideline_roles && :roles', { roles: filter.roles });
    if (filter.search) {
      query.andWhere(`(o.name_ja ILIKE :search OR o.name_en ILIKE :search)`, {
        search: `%${escapeLike(filter.search)}%`,
      });
    }
    return query.orderBy('o.name_en', 'ASC').getMany();
  }

  async getOrganisation(actor: Actor, id: string): Promise<OrganisationEntity> {
    if (!isCityWide(actor) && id !== actor.organisationId) throw notFound('Organisation', id);
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id });
    if (!organisation) throw notFound('Organisation', id);
    return organisation;
  }

  /** Organisations by id without a scope check: for names shown inside records the reader may already see. */
  async organisationsByIds(ids: readonly string[]): Promise<OrganisationEntity[]> {
    if (ids.length === 0) return [];
    return this.dataSource.getRepository(OrganisationEntity).findBy({ id: In([...ids]) });
  }

  async createOrganisation(input: CreateOrganisationInput): Promise<OrganisationEntity> {
    return this.dataSource
      .transaction(async (manager) => {
        const organisation = await manager.save(
          manager.create(OrganisationEntity, {
            nameJa: input.nameJa.trim(),
            nameEn: input.nameEn.trim(),
            guidelineRoles: input.guidelineRoles,
            description: input.description ?? '',
            website: input.website ?? null,
          }),
        );
        await this.audit.record(manager, {
          action: 'organisation.created',
          entityType: 'organisation',
          entityId: organisation.id,
          organisationId: organisation.id,
          data: {
            nameJa: organisation.nameJa,
            nameEn: organisation.nameEn,
            guidelineRoles: organisation.guidelineRoles,
          },
        });
        return organisation;
      })
      .catch((error) =>
        rethrowConstraint(error, { unique: ['input.nameJa', 'An organisation with this name exists'] }),
      );
  }

  async updateOrganisation(id: string, input: UpdateOrganisationInput): Promise<OrganisationEntity> {
    return this.dataSource
      .transaction(async (manager) => {
        const organisation = await manager.findOne(OrganisationEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!organisation) throw notFound('Organisation', id);
        const changes: Record<string, unknown> = {};
        for (const key of ['nameJa', 'nameEn', 'guidelineRoles', 'description', 'website'] as const) {
          const value = input[key];
          if (value !== undefined && JSON.stringify(value) !== JSON.stringify(organisation[key])) {
            changes[key] = { from: organisation[key], to: value };
            (organisation as unknown as Record<string, unknown>)[key] =
              typeof value === 'string' ? value.trim() : value;
          }
        }
        if (Object.keys(changes).length === 0) return organisation;
        const saved = await manager.save(organisation);
        await this.audit.record(manager, {
          action: 'organisation.updated',
          entityType: 'organisation',
          entityId: id,
          organisationId: id,
          data: changes,
        });
        return saved;
      })
      .catch((error) =>
        rethrowConstraint(error, { unique: ['input.nameJa', 'An organisation with this name exists'] }),
      );
  }

  // ---- relationships ----

  async listRelationships(actor: Actor, organisationId?: string): Promise<OrganisationRelationshipEntity[]> {
    const query = this.dataSource.getRepository(OrganisationRelationshipEntity).createQueryBuilder('r');
    if (!isCityWide(actor)) {
      query.andWhere('(r.client_organisation_id = :own OR r.contractor_organisation_id = :own)', {
        own: actor.organisationId,
      });
    }
    if (organisationId) {
      query.andWhere('(r.client_organisation_id = :org OR r.contractor_organisation_id = :org)', {
        org: organisationId,
      });
    }
    return query.orderBy('r.created_at', 'ASC').getMany();
  }

  /** The outsourcing chain below an organisation: its contractors, their subcontractors, and so on. */
  async subcontractChain(
    actor: Actor,
    organisationId: string,
  ): Promise<{ relationship: OrganisationRelationshipEntity; depth: number }[]> {
    await this.getOrganisation(actor, organisationId);
    const rows: { id: string; depth: number }[] = await this.dataSource.query(
      `WITH RECURSIVE chain(id, contractor, depth, path) AS (
         SELECT r.id, r.contractor_organisation_id, 1, ARRAY[r.client_organisation_id, r.contractor_organisation_id]
           FROM organisation_relationship r
          WHERE r.kind = $2 AND r.client_organisation_id = $1
         UNION ALL
         SELECT r.id, r.contractor_organisation_id, c.depth + 1, c.path || r.contractor_organisation_id
           FROM organisation_relationship r JOIN chain c ON r.client_organisation_id = c.contractor
          WHERE r.kind = $2 AND NOT r.contractor_organisation_id = ANY(c.path) AND c.depth < 20
       )
       SELECT id, min(depth)::int AS depth FROM chain GROUP BY id ORDER BY min(depth), id`,
      [organisationId, RelationshipKind.OUTSOURCING],
    );
    const relationships = await this.dataSource
      .getRepository(OrganisationRelationshipEntity)
      .findBy({ id: In(rows.map((row) => row.id)) });
    const byId = new Map(relationships.map((relationship) => [relationship.id, relationship]));
    return rows.map((row) => ({
      relationship: byId.get(row.id) as OrganisationRelationshipEntity,
      depth: row.depth,
    }));
  }

  async createRelationship(input: CreateRelationshipInput): Promise<OrganisationRelationshipEntity> {
    if (input.clientOrganisationId === input.contractorOrganisationId) {
      throw badInput('input.contractorOrganisationId', 'An organisation cannot contract itself');
    }
    return this.dataSource
      .transaction(async (manager) => {
        await this.requireOrganisations(manager, {
          'input.clientOrganisationId': input.clientOrganisationId,
          'input.contractorOrganisationId': input.contractorOrganisationId,
        });
        const relationship = await manager.save(
          manager.create(OrganisationRelationshipEntity, {
            kind: input.kind,
            clientOrganisationId: input.clientOrganisationId,
            contractorOrganisationId: input.contractorOrganisationId,
            description: input.description ?? '',
            contractReference: input.contractReference ?? null,
          }),
        );
        await this.audit.record(manager, {
          action: 'relationship.created',
          entityType: 'organisation_relationship',
          entityId: relationship.id,
          organisationId: input.clientOrganisationId,
          data: { ...input },
        });
        return relationship;
      })
      .catch((error) =>
        rethrowConstraint(error, { unique: ['input.kind', 'This relationship is already recorded'] }),
      );
  }

  async deleteRelationship(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const relationship = await manager.findOneBy(OrganisationRelationshipEntity, { id });
      if (!relationship) throw notFound('Relationship', id);
      await manager.delete(OrganisationRelationshipEntity, { id });
      await this.audit.record(manager, {
        action: 'relationship.deleted',
        entityType: 'organisation_relationship',
        entityId: id,
        organisationId: relationship.clientOrganisationId,
        data: {
          kind: relationship.kind,
          client: relationship.clientOrganisationId,
          contractor: relationship.contractorOrganisationId,
        },
      });
      return true;
    });
  }

  // ---- contacts ----

  async listContacts(actor: Actor, filter: ContactFilter = {}): Promise<ContactEntity[]> {
    const query = this.dataSource.getRepository(ContactEntity).createQueryBuilder('c');
    if (!isCityWide(actor)) query.andWhere('c.organisation_id = :own', { own: actor.organisationId });
    if (filter.organisationId) query.andWhere('c.organisation_id = :org', { org: filter.organisationId });
    if (filter.kinds?.length) query.andWhere('c.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter.staleOnly) {
      const days = filter.staleAfterDays ?? this.config.contactStaleDays;
      query.andWhere(
        `(c.last_verified_at IS NULL OR c.last_verified_at < now() - make_interval(days => :days))`,
        { days },
      );
    }
    return query.orderBy('c.organisation_id').addOrderBy('c.kind').addOrderBy('c.name').getMany();
  }

  /** Contacts of given organisations without a scope check: the caller has established need-to-know. */
  async contactsForOrganisations(organisationIds: string[], kinds: ContactKind[]): Promise<ContactEntity[]> {
    if (organisationIds.length === 0) return [];
    return this.dataSource.getRepository(ContactEntity).find({
      where: { organisationId: In(organisationIds), kind: In(kinds) },
      order: { organisationId: 'ASC', kind: 'ASC', name: 'ASC' },
    });
  }

  /**
   * A contact the actor may see and write: any for coordinators and admins, otherwise one of its own
   * organisation's (another organisation's contact is NOT_FOUND). `lock` holds the row for a write.
   */
  async getContact(
    actor: Actor,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    options: { lock?: boolean } = {},
  ): Promise<ContactEntity> {
    const contact = await manager.findOne(ContactEntity, {
      where: isCityWide(actor) ? { id } : { id, organisationId: actor.organisationId },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!contact) throw notFound('Contact', id);
    return contact;
  }

  private checkContactShape(
    type: ContactType,
    fields: { email: string | null; phone: string | null; webhookUrl: string | null },
  ) {
    if (type === ContactType.FUNCTION && fields.phone) {
      throw badInput('input.phone', 'A phone number is kept for people only; use a PERSON contact');
    }
    if (!fields.email && !fields.webhookUrl) {
      throw badInput('input.email', 'A contact needs an email address or a webhook endpoint');
    }
  }

  async createContact(
    actor: Actor,
    input: CreateContactInput,
  ): Promise<{ contact: ContactEntity; webhookSecret: string | null }> {
    if (!isCityWide(actor) && input.organisationId !== actor.organisationId) {
      throw forbidden('You can add contacts to your own organisation only');
    }
    const shape = {
      email: input.email?.trim().toLowerCase() ?? null,
      phone: input.phone ?? null,
      webhookUrl: input.webhookUrl ?? null,
    };
    this.checkContactShape(input.type, shape);
    if (input.webhookSecret && !input.webhookUrl)
      throw badInput('input.webhookSecret', 'A webhook secret needs a webhookUrl');
    const webhookSecret = input.webhookUrl ? (input.webhookSecret ?? generateWebhookSecret()) : null;
    return this.dataSource.transaction(async (manager) => {
      await this.requireOrganisations(manager, { 'input.organisationId': input.organisationId });
      const contact = await manager.save(
        manager.create(ContactEntity, {
          organisationId: input.organisationId,
          type: input.type,
          kind: input.kind,
          name: input.name.trim(),
          title: input.title ?? null,
          ...shape,
          webhookSecretSealed: webhookSecret ? this.secrets.encrypt(webhookSecret) : null,
          channelOrder: input.channelOrder ?? [ContactChannel.EMAIL, ContactChannel.WEBHOOK],
          locale: input.locale ?? 'ja',
          lastVerifiedAt: new Date(),
          notes: input.notes ?? '',
        }),
      );
      await this.audit.record(manager, {
        action: 'contact.created',
        entityType: 'contact',
        entityId: contact.id,
        organisationId: contact.organisationId,
        data: {
          kind: contact.kind,
          type: contact.type,
          name: contact.name,
          email: contact.email,
          webhookUrl: contact.webhookUrl,
          channelOrder: contact.channelOrder,
        },
      });
      return { contact, webhookSecret: input.webhookSecret ? null : webhookSecret };
    });
  }

  async updateContact(
    actor: Actor,
    id: string,
    input: UpdateContactInput,
  ): Promise<{ contact: ContactEntity; webhookSecret: string | null }> {
    return this.dataSource.transaction(async (manager) => {
      const contact = await this.getContact(actor, id, manager, { lock: true });
      const changed: string[] = [];
      for (const key of ['kind', 'name', 'title', 'email', 'phone', 'locale', 'notes'] as const) {
        const value = input[key];
        if (value !== undefined && value !== contact[key]) {
          (contact as unknown as Record<string, unknown>)[key] =
            key === 'email' && value !== null ? String(value).trim().toLowerCase() : value;
          changed.push(key);
        }
      }
      if (input.channelOrder && input.channelOrder.join() !== contact.channelOrder.join()) {
        contact.channelOrder = input.channelOrder;
        changed.push('channelOrder');
      }
      let webhookSecret: string | null = null;
      // webhookUrl: null removes the endpoint like removeWebhook: its secrets and state must not outlive it.
      if (input.removeWebhook || (input.webhookUrl === null && contact.webhookUrl !== null)) {
        if (input.webhookUrl)
          throw badInput('input.webhookUrl', 'Give a webhookUrl or removeWebhook, not both');
        contact.webhookUrl = null;
        contact.webhookSecretSealed = null;
        contact.webhookPreviousSecretSealed = null;
        contact.webhookPreviousSecretExpiresAt = null;
        changed.push('webhookUrl', ...clearWebhookDisabled(contact));
      } else if (input.webhookUrl !== undefined && input.webhookUrl !== contact.webhookUrl) {
        // A new endpoint starts enabled, whatever the old one answered.
        contact.webhookUrl = input.webhookUrl;
        changed.push('webhookUrl', ...clearWebhookDisabled(contact));
        if (!contact.webhookSecretSealed && !input.webhookSecret) {
          webhookSecret = generateWebhookSecret();
          contact.webhookSecretSealed = this.secrets.encrypt(webhookSecret);
        }
      }
      if (input.webhookSecret) {
        if (!contact.webhookUrl) throw badInput('input.webhookSecret', 'A webhook secret needs a webhookUrl');
        // Replaced at once, as after a leak: no old secret keeps signing (rotateWebhookSecret does that).
        contact.webhookSecretSealed = this.secrets.encrypt(input.webhookSecret);
        contact.webhookPreviousSecretSealed = null;
        contact.webhookPreviousSecretExpiresAt = null;
        changed.push('webhookSecret');
      }
      this.checkContactShape(contact.type, contact);
      if (changed.length === 0) return { contact, webhookSecret: null };
      const saved = await manager.save(contact);
      await this.audit.record(manager, {
        action: 'contact.updated',
        entityType: 'contact',
        entityId: id,
        organisationId: contact.organisationId,
        data: { changed },
      });
      return { contact: saved, webhookSecret };
    });
  }

  /** Someone confirmed the contact's details are current (IR②: keep the directory up to date). */
  async verifyContact(actor: Actor, id: string): Promise<ContactEntity> {
    return this.dataSource.transaction(async (manager) => {
      const contact = await this.getContact(actor, id, manager);
      contact.lastVerifiedAt = new Date();
      const saved = await manager.save(contact);
      await this.audit.record(manager, {
        action: 'contact.verified',
        entityType: 'contact',
        entityId: id,
        organisationId: contact.organisationId,
      });
      return saved;
    });
  }

  async deleteContact(actor: Actor, id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const contact = await this.getContact(actor, id, manager);
      await manager.delete(ContactEntity, { id });
      await this.audit.record(manager, {
        action: 'contact.deleted',
        entityType: 'contact',
        entityId: id,
        organisationId: contact.organisationId,
        data: { name: contact.name, kind: contact.kind },
      });
      return true;
    });
  }

  private async requireOrganisations(
    manager: EntityManager,
    idsByField: Record<string, string>,
  ): Promise<void> {
    const ids = [...new Set(Object.values(idsByField))];
    const found = new Set((await manager.findBy(OrganisationEntity, { id: In(ids) })).map((o) => o.id));
    for (const [field, id] of Object.entries(idsByField)) {
      if (!found.has(id)) throw badInput(field, `Organisation ${id} does not exist`);
    }
  }
}

/** Re-enables webhooks to a contact; the names of the fields it changed (none when it was enabled). */
export function clearWebhookDisabled(contact: ContactEntity): string[] {
  if (!contact.webhookDisabledAt) return [];
  contact.webhookDisabledAt = null;
  contact.webhookDisabledReason = null;
  return ['webhookDisabledAt'];
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (match) => `\\${match}`);
}
