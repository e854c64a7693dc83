import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { badInput } from '@renkei/core/errors/domain.errors';
import type { GraphqlContext } from '@renkei/core/graphql/graphql-context';
import { groupByKeys, oneByKeys } from '@renkei/core/graphql/request-loaders';
import { PageInput, encodeCursor } from '@renkei/core/pagination/connection';
import { ContactKind } from '@renkei/directory/directory.enums';
import { DirectoryService } from '@renkei/directory/directory.service';
import {
  Contact,
  OrganisationRef,
  toContact,
  toOrganisationRef,
} from '@renkei/directory/dto/organisation.type';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { Component, toComponent } from '@renkei/responsibility/dto/responsibility.type';
import { IncidentType } from '@renkei/guideline/guideline.resolver';
import { GuidelineService } from '@renkei/guideline/guideline.service';
import {
  AddNoteInput,
  CreateTaskInput,
  IncidentFilter,
  IncidentRoleInput,
  ReportIncidentInput,
  TransitionIncidentInput,
  UpdateIncidentInput,
  UpdateTaskInput,
} from './dto/incident.input';
import {
  Incident,
  IncidentConnection,
  IncidentMember,
  IncidentParticipant,
  IncidentTask,
  ReportIncidentPayload,
  SeverityDefinition,
  TimelineConnection,
  TimelineEntry,
  toIncident,
  toSeverityDefinition,
  toTask,
  toTimelineEntry,
} from './dto/incident.type';
import { DefineSeverityInput } from './dto/severity.input';
import { IncidentCommandsService } from './incident-commands.service';
import { TRANSITIONS } from './incident-lifecycle';
import { IncidentsService } from './incidents.service';
import { IncidentStatus } from './incidents.enums';

@Resolver(() => Incident)
export class IncidentsResolver {
  constructor(
    private readonly register: IncidentsService,
    private readonly commands: IncidentCommandsService,
    private readonly directory: DirectoryService,
    private readonly guideline: GuidelineService,
  ) {}

  // ---- queries ----

  @Query(() => IncidentConnection, {
    description: 'Incidents you may see, newest first. totalCount is computed only when asked for.',
  })
  @RequirePermission(Permission.INCIDENT_READ)
  async incidents(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: IncidentFilter,
    @Args('page', { nullable: true }) page?: PageInput,
  ): Promise<IncidentConnection & { countTotal: () => Promise<number> }> {
    const result = await this.register.list(actor, filter, page);
    const edges = result.rows.map((row) => ({
      cursor: IncidentsService.cursorOf(row),
      node: toIncident(row),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: result.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: 0,
      countTotal: result.count,
    };
  }

  @Query(() => Incident)
  @RequirePermission(Permission.INCIDENT_READ)
  async incident(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID, nullable: true }) id?: string,
    @Args('reference', { nullable: true }) reference?: string,
  ): Promise<Incident> {
    if (id) return toIncident(await this.register.findVisible(actor, id));
    if (reference) return toIncident(await this.register.findByReference(actor, reference));
    throw badInput('id', 'Give an id or a reference');
  }

  @Query(() => [SeverityDefinition], { description: 'What each severity means in this city.' })
  @RequirePermission(Permission.INCIDENT_READ)
  async severityDefinitions(): Promise<SeverityDefinition[]> {
    return (await this.register.severityDefinitions()).map(toSeverityDefinition);
  }

  // ---- fields (batched per request) ----

  @ResolveField(() => OrganisationRef)
  async reporterOrganisation(
    @Parent() incident: Incident,
    @Context() context: GraphqlContext,
  ): Promise<OrganisationRef> {
    return toOrganisationRef(await this.organisationLoader(context).load(incident.reporterOrganisationId));
  }

  @ResolveField(() => IncidentType, { nullable: true })
  incidentType(@Parent() incident: Incident): IncidentType | null {
    return incident.incidentTypeId ? (this.guideline.incidentType(incident.incidentTypeId) ?? null) : null;
  }

  @ResolveField(() => [IncidentStatus], { description: 'Statuses this incident may move to next.' })
  allowedTransitions(@Parent() incident: Incident): readonly IncidentStatus[] {
    return TRANSITIONS[incident.status];
  }

  @ResolveField(() => [Component])
  async components(@Parent() incident: Incident, @Context() context: GraphqlContext): Promise<Component[]> {
    const loader = context.loaders.get<string, Component[]>('incident.components', async (ids) =>
      groupByKeys(ids, await this.register.componentsOf(ids), (row) => row.incidentId).map((rows) =>
        rows.map((row) => toComponent(row.component)),
      ),
    );
    return loader.load(incident.id);
  }

  @ResolveField(() => [IncidentParticipant])
  async participants(
    @Parent() incident: Incident,
    @Context() context: GraphqlContext,
  ): Promise<IncidentParticipant[]> {
    const loader = context.loaders.get<string, IncidentParticipant[]>(
      'incident.participants',
      async (ids) => {
        const rows = await this.register.participantsOf(ids);
        const organisations = await this.organisationLoader(context).loadMany([
          ...new Set(rows.map((r) => r.organisationId)),
        ]);
        const byId = new Map(
          organisations.filter((o): o is OrganisationEntity => !(o instanceof Error)).map((o) => [o.id, o]),
        );
        return groupByKeys(ids, rows, (row) => row.incidentId).map((list) =>
          list.map((row) => ({
            organisation: toOrganisationRef(byId.get(row.organisationId) as OrganisationEntity),
            organisationId: row.organisationId,
            duties: row.duties,
            source: row.source,
            addedAt: row.addedAt,
          })),
        );
      },
    );
    return loader.load(incident.id);
  }

  @ResolveField(() => [IncidentMember], {
    description: 'Named people: commander, liaison, scribe, TLP:RED recipients.',
  })
  async members(@Parent() incident: Incident, @Context() context: GraphqlContext): Promise<IncidentMember[]> {
    const loader = context.loaders.get<string, IncidentMember[]>('incident.members', async (ids) =>
      groupByKeys(ids, await this.register.membersOf(ids), (row) => row.incidentId).map((list) =>
        list.map((row) => ({
          role: row.role,
          addedAt: row.addedAt,
          user: {
            id: row.userId,
            displayName: row.user?.displayName ?? '',
            organisationId: row.user?.organisationId ?? '',
          },
        })),
      ),
    );
    return loader.load(incident.id);
  }

  @ResolveField(() => [IncidentTask])
  async tasks(@Parent() incident: Incident, @Context() context: GraphqlContext): Promise<IncidentTask[]> {
    const loader = context.loaders.get<string, IncidentTask[]>('incident.tasks', async (ids) =>
      groupByKeys(ids, await this.register.tasksOf(ids), (row) => row.incidentId).map((list) =>
        list.map(toTask),
      ),
    );
    return loader.load(incident.id);
  }

  @ResolveField(() => TimelineEntry, { nullable: true })
  async latestTimelineEntry(
    @Parent() incident: Incident,
    @Context() context: GraphqlContext,
  ): Promise<TimelineEntry | null> {
    const loader = context.loaders.get<string, TimelineEntry | null>('incident.latestTimeline', async (ids) =>
      oneByKeys(ids, await this.register.latestTimelineOf(ids), (row) => row.incidentId).map((row) =>
        row ? toTimelineEntry(row) : null,
      ),
    );
    return loader.load(incident.id);
  }

  @ResolveField(() => TimelineConnection, { description: 'Every change and note, oldest first.' })
  async timeline(
    @Parent() incident: Incident,
    @Args('page', { nullable: true }) page?: PageInput,
  ): Promise<TimelineConnection> {
    const result = await this.register.timeline(incident.id, page);
    const edges = result.rows.map((row) => ({
      cursor: encodeCursor([String(row.sequence)]),
      node: toTimelineEntry(row),
    }));
    return {
      edges,
      totalCount: result.total,
      pageInfo: { hasNextPage: result.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  @ResolveField(() => [Contact], {
    description:
      'Incident-window and emergency contacts of the participating organisations: whoever may see the incident may reach them.',
  })
  async participantContacts(
    @Parent() incident: Incident,
    @Context() context: GraphqlContext,
  ): Promise<Contact[]> {
    const participants = await this.participants(incident, context);
    const organisationIds = new Set(participants.map((p) => p.organisationId));
    const contacts = await this.directory.contactsForOrganisations(
      [...organisationIds],
      [ContactKind.INCIDENT_WINDOW, ContactKind.EMERGENCY],
    );
    return contacts.map((contact) => toContact(contact, this.directory.staleDays));
  }

  private organisationLoader(context: GraphqlContext) {
    return context.loaders.get<string, OrganisationEntity>('organisation.byId', async (ids) =>
      oneByKeys(ids, await this.directory.organisationsByIds(ids), (o) => o.id).map(
        (o, index) => o ?? new Error(`Organisation ${ids[index]} not found`),
      ),
    );
  }

  // ---- mutations ----

  @Mutation(() => ReportIncidentPayload, {
    description:
      'Reports an incident; the organisations responsible for the affected components become participants.',
  })
  @RequirePermission(Permission.INCIDENT_REPORT)
  async reportIncident(
    @CurrentActor() actor: Actor,
    @Args('input') input: ReportIncidentInput,
  ): Promise<ReportIncidentPayload> {
    const { incident, deduplicated } = await this.register.report(actor, input);
    return { incident: toIncident(incident), deduplicated };
  }

  @Mutation(() => Incident)
  @RequirePermission(Permission.INCIDENT_MANAGE)
  async updateIncident(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateIncidentInput,
  ): Promise<Incident> {
    return toIncident(await this.commands.update(actor, id, input));
  }

  @Mutation(() => Incident, {
    description: 'Moves the incident through its lifecycle (see allowedTransitions).',
  })
  @RequirePermission(Permission.INCIDENT_MANAGE)
  async transitionIncident(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: TransitionIncidentInput,
  ): Promise<Incident> {
    return toIncident(await this.commands.transition(actor, id, input.status, input.note));
  }

  @Mutation(() => Incident)
  @RequirePermission(Permission.INCIDENT_CONTRIBUTE)
  async addIncidentNote(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: AddNoteInput,
  ): Promise<Incident> {
    return toIncident(await this.commands.addNote(actor, id, input.message));
  }

  @Mutation(() => Incident)
  @RequirePermission(Permission.INCIDENT_MANAGE)
  async addIncidentComponents(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('componentIds', { type: () => [ID] }) componentIds: string[],
  ): Promise<Incident> {
    return toIncident(await this.commands.addComponents(actor, id, validIds(componentIds, 'componentIds')));
  }

  @Mutation(() => Incident)
  @RequirePermission(Permission.INCIDENT_MANAGE)
  async removeIncidentComponent(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('componentId', { type: () => ID }) componentId: string,
  ): Promise<Incident> {
    return toIncident(
      await this.commands.removeComponent(actor, id, validIds([componentId], 'componentId')[0]),
    );
  }

  @Mutation(() => Incident)
  @RequirePermission(Permission.INCIDENT_MANAGE)
  async addIncidentParticipant(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('organisationId', { type: () => ID }) organisationId: string,
  ): Promise<Incident> {
    return toIncident(
      await this.commands.addParticipant(actor, id, validIds([organisationId], 'organisationId')[0]),
    );
  }

  @Mutation(() => Incident)
  @RequirePermission(Permission.INCIDENT_MANAGE)
  async removeIncidentParticipant(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('organisationId', { type: () => ID }) organisationId: string,
  ): Promise<Incident> {
    return toIncident(
      await this.commands.removeParticipant(actor, id, validIds([organisationId], 'organisationId')[0]),
    );
  }

  @Mutation(() => Incident, {
    description:
      'Names a person on the incident: COMMANDER, LIAISON, SCRIBE, or a RECIPIENT of a TLP:RED incident.',
  })
  @RequirePermission(Permission.INCIDENT_MANAGE)
  async assignIncidentRole(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: IncidentRoleInput,
  ): Promise<Incident> {
    return toIncident(await this.commands.assignRole(actor, id, input));
  }

  @Mutation(() => Incident)
  @RequirePermission(Permission.INCIDENT_MANAGE)
  async removeIncidentRole(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: IncidentRoleInput,
  ): Promise<Incident> {
    return toIncident(await this.commands.removeRole(actor, id, input));
  }

  @Mutation(() => IncidentTask)
  @RequirePermission(Permission.INCIDENT_MANAGE)
  async createIncidentTask(
    @CurrentActor() actor: Actor,
    @Args('incidentId', { type: () => ID }) incidentId: string,
    @Args('input') input: CreateTaskInput,
  ): Promise<IncidentTask> {
    return toTask(await this.commands.createTask(actor, incidentId, input));
  }

  @Mutation(() => IncidentTask, {
    description: 'Responders change any task; contributors the tasks assigned to their organisation.',
  })
  @RequirePermission(Permission.INCIDENT_CONTRIBUTE)
  async updateIncidentTask(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateTaskInput,
  ): Promise<IncidentTask> {
    return toTask(await this.commands.updateTask(actor, validIds([id], 'id')[0], input));
  }

  @Mutation(() => SeverityDefinition, { description: 'Sets what a severity level means in this city.' })
  @RequirePermission(Permission.SETTINGS_MANAGE)
  async defineSeverity(@Args('input') input: DefineSeverityInput): Promise<SeverityDefinition> {
    const { level, ...text } = input;
    return toSeverityDefinition(await this.commands.defineSeverity(level, text));
  }
}

function validIds(ids: string[], field: string): string[] {
  const pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (ids.length === 0 || ids.length > 100) throw badInput(field, 'Give between 1 and 100 ids');
  const bad = ids.find((id) => !pattern.test(id));
  if (bad) throw badInput(field, `${bad} is not a valid id`);
  return [...new Set(ids)];
}

/** totalCount of an incident list costs a count over everything visible: computed only when selected. */
@Resolver(() => IncidentConnection)
export class IncidentConnectionResolver {
  @ResolveField(() => Int)
  async totalCount(
    @Parent() connection: IncidentConnection & { countTotal?: () => Promise<number> },
  ): Promise<number> {
    return connection.countTotal ? connection.countTotal() : connection.totalCount;
  }
}
