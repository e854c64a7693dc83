import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { badInput } from '@renkei/core/errors/domain.errors';
import { Tlp } from '@renkei/incidents/incidents.enums';
import {
  InquiryContact,
  InquiryContactInput,
  PublicStatement,
  PublicStatementInput,
  toInquiryContact,
  toPublicStatement,
} from '../dto/public-statement.type';
import { InquiryContactsService } from './inquiry-contacts.service';
import { PublicStatementsService } from './public-statements.service';

const REASON_MAX_LENGTH = 1000;

/** Statements to residents and the city's inquiry contacts (the public status page's content). */
@Resolver()
export class PublicStatementsResolver {
  constructor(
    private readonly statements: PublicStatementsService,
    private readonly contacts: InquiryContactsService,
  ) {}

  @Query(() => [PublicStatement], {
    description: 'The statements to residents on an incident you may see, newest first.',
  })
  @RequirePermission(Permission.INCIDENT_READ)
  async publicStatements(
    @CurrentActor() actor: Actor,
    @Args('incidentId', { type: () => ID }) incidentId: string,
  ): Promise<PublicStatement[]> {
    const { incident, statements } = await this.statements.listForIncident(actor, incidentId);
    return statements.map((s) => toPublicStatement(s, incident.tlp === Tlp.CLEAR));
  }

  @Mutation(() => PublicStatement, {
    description: 'Drafts a statement to residents on an incident your organisation takes part in.',
  })
  @RequirePermission(Permission.PUBLIC_STATEMENT_DRAFT)
  async draftPublicStatement(
    @CurrentActor() actor: Actor,
    @Args('incidentId', { type: () => ID }) incidentId: string,
    @Args('input') input: PublicStatementInput,
  ): Promise<PublicStatement> {
    const { incident, statement } = await this.statements.draft(actor, incidentId, input);
    return toPublicStatement(statement, incident.tlp === Tlp.CLEAR);
  }

  @Mutation(() => PublicStatement, {
    description:
      'Replaces a draft’s text. Published statements are never edited: publish a follow-up, or withdraw.',
  })
  @RequirePermission(Permission.PUBLIC_STATEMENT_DRAFT)
  async updatePublicStatement(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: PublicStatementInput,
  ): Promise<PublicStatement> {
    const { incident, statement } = await this.statements.update(actor, id, input);
    return toPublicStatement(statement, incident.tlp === Tlp.CLEAR);
  }

  @Mutation(() => PublicStatement, {
    description:
      'Approves a draft and publishes it on the status page. Refused unless the incident is TLP:CLEAR.',
  })
  @RequirePermission(Permission.PUBLIC_INFORMATION_MANAGE)
  async approvePublicStatement(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<PublicStatement> {
    const { incident, statement } = await this.statements.approve(actor, id);
    return toPublicStatement(statement, incident.tlp === Tlp.CLEAR);
  }

  @Mutation(() => PublicStatement, {
    description: 'Takes a statement off the status page for good (or discards a draft).',
  })
  @RequirePermission(Permission.PUBLIC_INFORMATION_MANAGE)
  async withdrawPublicStatement(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String, nullable: true }) reason?: string,
  ): Promise<PublicStatement> {
    if (reason !== undefined && reason.length > REASON_MAX_LENGTH) {
      throw badInput('reason', `reason must be at most ${REASON_MAX_LENGTH} characters`);
    }
    const { incident, statement } = await this.statements.withdraw(actor, id, reason);
    return toPublicStatement(statement, incident.tlp === Tlp.CLEAR);
  }

  @Query(() => [InquiryContact], {
    description: 'The city’s published inquiry windows for residents, in order.',
  })
  @RequirePermission(Permission.INCIDENT_READ)
  async inquiryContacts(): Promise<InquiryContact[]> {
    return (await this.contacts.list()).map(toInquiryContact);
  }

  @Mutation(() => InquiryContact)
  @RequirePermission(Permission.PUBLIC_INFORMATION_MANAGE)
  async createInquiryContact(@Args('input') input: InquiryContactInput): Promise<InquiryContact> {
    return toInquiryContact(await this.contacts.create(input));
  }

  @Mutation(() => InquiryContact, { description: 'Replaces the whole contact.' })
  @RequirePermission(Permission.PUBLIC_INFORMATION_MANAGE)
  async updateInquiryContact(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: InquiryContactInput,
  ): Promise<InquiryContact> {
    return toInquiryContact(await this.contacts.update(id, input));
  }

  @Mutation(() => Boolean)
  @RequirePermission(Permission.PUBLIC_INFORMATION_MANAGE)
  async deleteInquiryContact(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.contacts.delete(id);
  }
}
