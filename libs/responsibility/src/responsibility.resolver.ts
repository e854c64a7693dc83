import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { badInput } from '@renkei/core/errors/domain.errors';
import { ContactKind } from '@renkei/directory/directory.enums';
import { DirectoryService } from '@renkei/directory/directory.service';
import { OrganisationRef, toContact, toOrganisationRef } from '@renkei/directory/dto/organisation.type';
import {
  Assignment,
  AssignResponsibilityInput,
  Component,
  ComponentFilter,
  CreateComponentInput,
  GapReport,
  MatrixRow,
  PartiesInput,
  Party,
  UpdateComponentInput,
  toComponent,
} from './dto/responsibility.type';
import { AssignmentEntity } from './entities/assignment.entity';
import { EffectiveAssignment, ResponsibilityService } from './responsibility.service';
import { Duty } from './responsibility.enums';

const DUTY_ORDER = [Duty.RESPONSIBLE, Duty.ACCOUNTABLE, Duty.CONSULTED, Duty.INFORMED];

@Resolver()
export class ResponsibilityResolver {
  constructor(
    private readonly map: ResponsibilityService,
    private readonly directory: DirectoryService,
  ) {}

  private async organisationRefs(ids: Iterable<string>): Promise<Map<string, OrganisationRef>> {
    const organisations = await this.directory.organisationsByIds([...new Set(ids)]);
    return new Map(organisations.map((o) => [o.id, toOrganisationRef(o)]));
  }

  private toAssignment(
    item: EffectiveAssignment | AssignmentEntity,
    organisations: Map<string, OrganisationRef>,
  ): Assignment {
    const assignment = 'assignment' in item ? item.assignment : item;
    return {
      id: assignment.id,
      componentId: 'assignment' in item ? item.componentId : assignment.componentId,
      organisation: organisations.get(assignment.organisationId) as OrganisationRef,
      duty: assignment.duty,
      boundary: assignment.boundary,
      note: assignment.note,
      contractReference: assignment.contractReference,
      inheritedFromComponentId: 'assignment' in item ? item.inheritedFromComponentId : null,
    };
  }

  @Query(() => [Component], {
    description:
      'Components you may see: all for coordinators, otherwise those your organisation operates or holds a duty for.',
  })
  @RequirePermission(Permission.MAP_READ)
  async components(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: ComponentFilter,
  ): Promise<Component[]> {
    return (await this.map.listComponents(actor, filter)).map(toComponent);
  }

  @Query(() => Component)
  @RequirePermission(Permission.MAP_READ)
  async component(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Component> {
    return toComponent(await this.map.getComponent(actor, id));
  }

  @Query(() => [MatrixRow], {
    description: 'The responsibility map: each component with its effective duties.',
  })
  @RequirePermission(Permission.MAP_READ)
  async responsibilityMatrix(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: ComponentFilter,
  ): Promise<MatrixRow[]> {
    const components = await this.map.listComponents(actor, filter);
    const effective = await this.map.effectiveFor(components.map((c) => c.id));
    const organisations = await this.organisationRefs(
      [...effective.values()].flat().map((item) => item.assignment.organisationId),
    );
    return components.map((component) => ({
      component: toComponent(component),
      assignments: (effective.get(component.id) ?? []).map((item) => this.toAssignment(item, organisations)),
    }));
  }

  @Query(() => [Party], {
    description:
      'Who must be involved when these components are affected: organisations, duties (inherited from parents unless overridden) and incident contacts.',
  })
  @RequirePermission(Permission.MAP_READ)
  async partiesForComponents(
    @CurrentActor() actor: Actor,
    @Args('input') input: PartiesInput,
  ): Promise<Party[]> {
    const visible = await this.map.visibleComponents(actor, input.componentIds);
    const visibleIds = new Set(visible.map((c) => c.id));
    const unknown = input.componentIds.find((id) => !visibleIds.has(id));
    if (unknown) {
      throw badInput('input.componentIds', `Component ${unknown} does not exist`);
    }
    const { byOrganisation: parties } = await this.map.partiesFor(input.componentIds);
    const organisations = await this.organisationRefs(parties.keys());
    const contacts = await this.directory.listContacts(actor, {
      kinds: [ContactKind.INCIDENT_WINDOW, ContactKind.EMERGENCY],
    });
    return [...parties.entries()]
      .map(([organisationId, items]) => ({
        organisation: organisations.get(organisationId) as OrganisationRef,
        duties: DUTY_ORDER.filter((duty) => items.some((item) => item.assignment.duty === duty)),
        details: items.map((item) => ({
          componentId: item.componentId,
          duty: item.assignment.duty,
          boundary: item.assignment.boundary,
          inheritedFromComponentId: item.inheritedFromComponentId,
        })),
        incidentContacts: contacts
          .filter((contact) => contact.organisationId === organisationId)
          .map((contact) => toContact(contact, this.directory.staleDays)),
      }))
      .sort(
        (a, b) =>
          DUTY_ORDER.indexOf(a.duties[0]) - DUTY_ORDER.indexOf(b.duties[0]) ||
          a.organisation.nameEn.localeCompare(b.organisation.nameEn),
      );
  }

  @Query(() => GapReport, {
    description:
      'Where is nobody responsible? Components without a RESPONSIBLE organisation, responsible organisations without an incident contact, stale contacts.',
  })
  @RequirePermission(Permission.MAP_READ)
  async responsibilityGaps(@CurrentActor() actor: Actor): Promise<GapReport> {
    const gaps = await this.map.gaps(actor, this.directory.staleDays);
    const stale = await this.directory.listContacts(actor, { staleOnly: true });
    return {
      componentsWithoutResponsible: gaps.componentsWithoutResponsible.map(toComponent),
      responsibleWithoutIncidentContact: gaps.responsibleWithoutIncidentContact.map((gap) => ({
        organisation: toOrganisationRef(gap.organisation),
        components: gap.components.map(toComponent),
      })),
      staleContacts: stale.map((contact) => toContact(contact, this.directory.staleDays)),
    };
  }

  @Mutation(() => Component)
  @RequirePermission(Permission.MAP_MANAGE)
  async createComponent(@Args('input') input: CreateComponentInput): Promise<Component> {
    return toComponent(await this.map.createComponent(input));
  }

  @Mutation(() => Component)
  @RequirePermission(Permission.MAP_MANAGE)
  async updateComponent(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateComponentInput,
  ): Promise<Component> {
    return toComponent(await this.map.updateComponent(id, input));
  }

  @Mutation(() => Boolean)
  @RequirePermission(Permission.MAP_MANAGE)
  async deleteComponent(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.map.deleteComponent(id);
  }

  @Mutation(() => Assignment, {
    description:
      'Records that an organisation holds a duty for a component (updates the note if it already does).',
  })
  @RequirePermission(Permission.MAP_MANAGE)
  async assignResponsibility(@Args('input') input: AssignResponsibilityInput): Promise<Assignment> {
    const assignment = await this.map.assign(input);
    return this.toAssignment(assignment, await this.organisationRefs([assignment.organisationId]));
  }

  @Mutation(() => Boolean)
  @RequirePermission(Permission.MAP_MANAGE)
  async removeAssignment(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.map.unassign(id);
  }
}
