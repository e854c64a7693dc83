import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import type { Actor } from '@renkei/core/context/actor';
import { ContactWebhookService } from './contact-webhook.service';
import { DirectoryService } from './directory.service';
import {
  ContactFilter,
  CreateContactInput,
  CreateOrganisationInput,
  CreateRelationshipInput,
  OrganisationFilter,
  UpdateContactInput,
  UpdateOrganisationInput,
} from './dto/directory.input';
import {
  Contact,
  ContactPayload,
  Organisation,
  OrganisationRelationship,
  SubcontractLink,
  toContact,
  toOrganisation,
  toRelationship,
} from './dto/organisation.type';

@Resolver(() => Organisation)
export class DirectoryResolver {
  constructor(
    private readonly directory: DirectoryService,
    private readonly contactWebhooks: ContactWebhookService,
  ) {}

  @Query(() => [Organisation], {
    description: 'Organisations you may see: the whole city for coordinators, otherwise your own.',
  })
  @RequirePermission(Permission.DIRECTORY_READ)
  async organisations(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: OrganisationFilter,
  ): Promise<Organisation[]> {
    return (await this.directory.listOrganisations(actor, filter)).map(toOrganisation);
  }

  @Query(() => Organisation)
  @RequirePermission(Permission.DIRECTORY_READ)
  async organisation(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Organisation> {
    return toOrganisation(await this.directory.getOrganisation(actor, id));
  }

  @ResolveField(() => [Contact])
  async contacts(@CurrentActor() actor: Actor, @Parent() organisation: Organisation): Promise<Contact[]> {
    const contacts = await this.directory.listContacts(actor, { organisationId: organisation.id });
    return contacts.map((contact) => toContact(contact, this.directory.staleDays));
  }

  @Mutation(() => Organisation)
  @RequirePermission(Permission.DIRECTORY_MANAGE)
  async createOrganisation(@Args('input') input: CreateOrganisationInput): Promise<Organisation> {
    return toOrganisation(await this.directory.createOrganisation(input));
  }

  @Mutation(() => Organisation)
  @RequirePermission(Permission.DIRECTORY_MANAGE)
  async updateOrganisation(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateOrganisationInput,
  ): Promise<Organisation> {
    return toOrganisation(await this.directory.updateOrganisation(id, input));
  }

  @Query(() => [OrganisationRelationship])
  @RequirePermission(Permission.DIRECTORY_READ)
  async organisationRelationships(
    @CurrentActor() actor: Actor,
    @Args('organisationId', { type: () => ID, nullable: true }) organisationId?: string,
  ): Promise<OrganisationRelationship[]> {
    return (await this.directory.listRelationships(actor, organisationId)).map(toRelationship);
  }

  @Query(() => [SubcontractLink], {
    description: 'Contractors and their subcontractors below an organisation (委託・再委託).',
  })
  @RequirePermission(Permission.DIRECTORY_READ)
  async subcontractChain(
    @CurrentActor() actor: Actor,
    @Args('organisationId', { type: () => ID }) organisationId: string,
  ): Promise<SubcontractLink[]> {
    const chain = await this.directory.subcontractChain(actor, organisationId);
    return chain.map((link) => ({ relationship: toRelationship(link.relationship), depth: link.depth }));
  }

  @Mutation(() => OrganisationRelationship)
  @RequirePermission(Permission.DIRECTORY_MANAGE)
  async createOrganisationRelationship(
    @Args('input') input: CreateRelationshipInput,
  ): Promise<OrganisationRelationship> {
    return toRelationship(await this.directory.createRelationship(input));
  }

  @Mutation(() => Boolean)
  @RequirePermission(Permission.DIRECTORY_MANAGE)
  async deleteOrganisationRelationship(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.directory.deleteRelationship(id);
  }

  @Query(() => [Contact], { name: 'contacts' })
  @RequirePermission(Permission.DIRECTORY_READ)
  async contactList(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: ContactFilter,
  ): Promise<Contact[]> {
    return (await this.directory.listContacts(actor, filter)).map((c) =>
      toContact(c, this.directory.staleDays),
    );
  }

  @Query(() => [Contact], {
    description: 'Contacts not verified within CONTACT_STALE_DAYS (or the given number of days).',
  })
  @RequirePermission(Permission.DIRECTORY_READ)
  async staleContacts(
    @CurrentActor() actor: Actor,
    @Args('days', { type: () => Int, nullable: true }) days?: number,
  ): Promise<Contact[]> {
    const contacts = await this.directory.listContacts(actor, {
      staleOnly: true,
      staleAfterDays: days ?? undefined,
    });
    return contacts.map((c) => toContact(c, days ?? this.directory.staleDays));
  }

  @Mutation(() => ContactPayload)
  @RequirePermission(Permission.CONTACT_WRITE)
  async createContact(
    @CurrentActor() actor: Actor,
    @Args('input') input: CreateContactInput,
  ): Promise<ContactPayload> {
    const { contact, webhookSecret } = await this.directory.createContact(actor, input);
    return { contact: toContact(contact, this.directory.staleDays), webhookSecret };
  }

  @Mutation(() => ContactPayload)
  @RequirePermission(Permission.CONTACT_WRITE)
  async updateContact(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateContactInput,
  ): Promise<ContactPayload> {
    const { contact, webhookSecret } = await this.directory.updateContact(actor, id, input);
    return { contact: toContact(contact, this.directory.staleDays), webhookSecret };
  }

  @Mutation(() => ContactPayload, {
    description:
      'Replace the webhook signing secret. The old one keeps signing beside the new one for WEBHOOK_SECRET_ROLLOVER_SECONDS.',
  })
  @RequirePermission(Permission.CONTACT_WRITE)
  async rotateWebhookSecret(
    @CurrentActor() actor: Actor,
    @Args('contactId', { type: () => ID }) contactId: string,
    @Args('secret', {
      type: () => String,
      nullable: true,
      description: 'A Standard Webhooks secret (whsec_…); generated and returned once when left out.',
    })
    secret?: string,
  ): Promise<ContactPayload> {
    const { contact, webhookSecret } = await this.contactWebhooks.rotateWebhookSecret(
      actor,
      contactId,
      secret,
    );
    return { contact: toContact(contact, this.directory.staleDays), webhookSecret };
  }

  @Mutation(() => Contact, { description: 'Send webhooks again to an endpoint disabled after HTTP 410.' })
  @RequirePermission(Permission.CONTACT_WRITE)
  async enableWebhook(
    @CurrentActor() actor: Actor,
    @Args('contactId', { type: () => ID }) contactId: string,
  ): Promise<Contact> {
    return toContact(await this.contactWebhooks.enableWebhook(actor, contactId), this.directory.staleDays);
  }

  @Mutation(() => Contact, { description: 'Confirm that a contact is current; resets its staleness.' })
  @RequirePermission(Permission.CONTACT_WRITE)
  async verifyContact(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Contact> {
    return toContact(await this.directory.verifyContact(actor, id), this.directory.staleDays);
  }

  @Mutation(() => Boolean)
  @RequirePermission(Permission.CONTACT_WRITE)
  async deleteContact(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.directory.deleteContact(actor, id);
  }
}
