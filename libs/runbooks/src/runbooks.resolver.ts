import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import type { GraphqlContext } from '@renkei/core/graphql/graphql-context';
import { groupByKeys, oneByKeys } from '@renkei/core/graphql/request-loaders';
import { PageInput } from '@renkei/core/pagination/connection';
import { DirectoryService } from '@renkei/directory/directory.service';
import { OrganisationRef, toOrganisationRef } from '@renkei/directory/dto/organisation.type';
import {
  CopyRunbookInput,
  CreateRunbookInput,
  RunbookContentInput,
  RunbookFilter,
} from './dto/runbook.input';
import {
  Runbook,
  RunbookConnection,
  RunbookStep,
  RunbookVersion,
  toRunbook,
  toStep,
  toVersion,
} from './dto/runbook.type';
import { RunbookVersionEntity } from './entities/runbook.entity';
import { stepTimings } from './runbook-plan';
import { RunbookLibraryService } from './runbook-library.service';
import { RunbookVersionStatus } from './runbooks.enums';
import { validId } from './valid-id';

/** Drafts are the owner's and the promotion body's staff's. */
function seesDrafts(actor: Actor, runbook: Runbook): boolean {
  return (
    isCityWide(actor) ||
    (runbook.ownerOrganisationId !== null && runbook.ownerOrganisationId === actor.organisationId)
  );
}

@Resolver(() => Runbook)
export class RunbooksResolver {
  constructor(
    private readonly library: RunbookLibraryService,
    private readonly directory: DirectoryService,
  ) {}

  @Query(() => RunbookConnection, {
    description:
      'Runbooks you may see: every published city-wide one (Renkei’s examples among them) and your organisation’s own; all of them for the promotion body.',
  })
  @RequirePermission(Permission.RUNBOOK_READ)
  async runbooks(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: RunbookFilter,
    @Args('page', { nullable: true }) page?: PageInput,
  ): Promise<RunbookConnection> {
    const { rows, hasNextPage, total } = await this.library.list(actor, filter ?? {}, page);
    const edges = rows.map((row) => ({ cursor: RunbookLibraryService.cursorOf(row), node: toRunbook(row) }));
    return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: total };
  }

  @Query(() => Runbook)
  @RequirePermission(Permission.RUNBOOK_READ)
  async runbook(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<Runbook> {
    return toRunbook(await this.library.findVisible(actor, id));
  }

  @ResolveField(() => OrganisationRef, { nullable: true })
  async ownerOrganisation(
    @Parent() runbook: Runbook,
    @Context() context: GraphqlContext,
  ): Promise<OrganisationRef | null> {
    if (!runbook.ownerOrganisationId) return null;
    const loader = context.loaders.get<string, OrganisationRef | null>('runbook.owner', async (ids) =>
      oneByKeys(ids, await this.directory.organisationsByIds(ids), (o) => o.id).map((o) =>
        o ? toOrganisationRef(o) : null,
      ),
    );
    return loader.load(runbook.ownerOrganisationId);
  }

  @ResolveField(() => [RunbookVersion], {
    description: 'Every version, oldest first; the draft only for its owner and the promotion body.',
  })
  async versions(
    @Parent() runbook: Runbook,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<RunbookVersion[]> {
    const versions = await this.versionLoader(context).load(runbook.id);
    return versions
      .filter((v) => v.status === RunbookVersionStatus.PUBLISHED || seesDrafts(actor, runbook))
      .map(toVersion);
  }

  @ResolveField(() => RunbookVersion, {
    nullable: true,
    description: 'The published version applied and suggested.',
  })
  async currentVersion(
    @Parent() runbook: Runbook,
    @Context() context: GraphqlContext,
  ): Promise<RunbookVersion | null> {
    const versions = await this.versionLoader(context).load(runbook.id);
    const current = versions.find((v) => v.id === runbook.currentVersionId);
    return current ? toVersion(current) : null;
  }

  @ResolveField(() => RunbookVersion, {
    nullable: true,
    description: 'The draft being written (owner and promotion body only).',
  })
  async draft(
    @Parent() runbook: Runbook,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<RunbookVersion | null> {
    if (!seesDrafts(actor, runbook)) return null;
    const versions = await this.versionLoader(context).load(runbook.id);
    const draft = versions.find((v) => v.status === RunbookVersionStatus.DRAFT);
    return draft ? toVersion(draft) : null;
  }

  private versionLoader(context: GraphqlContext) {
    return context.loaders.get<string, RunbookVersionEntity[]>('runbook.versions', async (ids) =>
      groupByKeys(ids, await this.library.versionsOf(ids), (v) => v.runbookId),
    );
  }

  @Mutation(() => Runbook, {
    description:
      'A new runbook with its first draft. CITY_WIDE: the promotion body’s staff; STAKEHOLDER: for your own organisation.',
  })
  @RequirePermission(Permission.RUNBOOK_WRITE)
  async createRunbook(
    @CurrentActor() actor: Actor,
    @Args('input') input: CreateRunbookInput,
  ): Promise<Runbook> {
    return toRunbook(await this.library.create(actor, input));
  }

  @Mutation(() => RunbookVersion, {
    description:
      'Replaces a draft’s content. A published version never changes: make a new draft (createRunbookDraft).',
  })
  @RequirePermission(Permission.RUNBOOK_WRITE)
  async updateRunbookVersion(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: RunbookContentInput,
  ): Promise<RunbookVersion> {
    return toVersion(await this.library.updateVersion(actor, validId(id, 'id'), input));
  }

  @Mutation(() => Runbook, { description: 'Publishes the draft: it becomes the current version, immutable.' })
  @RequirePermission(Permission.RUNBOOK_WRITE)
  async publishRunbook(
    @CurrentActor() actor: Actor,
    @Args('runbookId', { type: () => ID }) runbookId: string,
  ): Promise<Runbook> {
    return toRunbook(await this.library.publish(actor, validId(runbookId, 'runbookId')));
  }

  @Mutation(() => RunbookVersion, { description: 'A new draft copied from the current published version.' })
  @RequirePermission(Permission.RUNBOOK_WRITE)
  async createRunbookDraft(
    @CurrentActor() actor: Actor,
    @Args('runbookId', { type: () => ID }) runbookId: string,
  ): Promise<RunbookVersion> {
    return toVersion(await this.library.createDraft(actor, validId(runbookId, 'runbookId')));
  }

  @Mutation(() => Runbook, {
    description: 'Copies a runbook you may see (an example, say) into a new one of your own, as a draft.',
  })
  @RequirePermission(Permission.RUNBOOK_WRITE)
  async copyRunbook(
    @CurrentActor() actor: Actor,
    @Args('runbookId', { type: () => ID }) runbookId: string,
    @Args('input') input: CopyRunbookInput,
  ): Promise<Runbook> {
    return toRunbook(await this.library.copy(actor, validId(runbookId, 'runbookId'), input));
  }

  @Mutation(() => Runbook, { description: 'No longer suggested or applied; its versions stay on record.' })
  @RequirePermission(Permission.RUNBOOK_WRITE)
  async retireRunbook(
    @CurrentActor() actor: Actor,
    @Args('runbookId', { type: () => ID }) runbookId: string,
  ): Promise<Runbook> {
    return toRunbook(await this.library.retire(actor, validId(runbookId, 'runbookId')));
  }
}

@Resolver(() => RunbookVersion)
export class RunbookVersionResolver {
  constructor(private readonly library: RunbookLibraryService) {}

  @ResolveField(() => [RunbookStep], {
    description: 'In order, each with when it is due after the runbook is applied.',
  })
  async steps(@Parent() version: RunbookVersion, @Context() context: GraphqlContext): Promise<RunbookStep[]> {
    const loader = context.loaders.get<string, RunbookStep[]>('runbookVersion.steps', async (ids) =>
      groupByKeys(ids, await this.library.stepsOf(ids), (s) => s.versionId).map((steps) => {
        const timings = stepTimings(steps);
        return steps.map((step) => toStep(step, timings.get(step.key)));
      }),
    );
    return loader.load(version.id);
  }
}
