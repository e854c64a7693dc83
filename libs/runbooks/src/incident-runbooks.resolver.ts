import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import type { GraphqlContext } from '@renkei/core/graphql/graphql-context';
import { groupByKeys, oneByKeys } from '@renkei/core/graphql/request-loaders';
import { Incident, IncidentTask } from '@renkei/incidents/dto/incident.type';
import { AddFindingInput, SaveReviewInput, UpdateFindingInput } from './dto/runbook.input';
import {
  PostIncidentReview,
  ReviewFinding,
  RunbookApplication,
  RunbookSuggestion,
  RunbookVersion,
  TaskRunbookStep,
  toApplication,
  toFinding,
  toReview,
  toRunbook,
  toTaskRunbookStep,
  toVersion,
} from './dto/runbook.type';
import { PostIncidentReviewService } from './post-incident-review.service';
import { RunbookApplicationService } from './runbook-application.service';
import { RunbookLibraryService } from './runbook-library.service';
import { validId } from './valid-id';

/** Runbooks and lessons learned on an incident; visibility follows the incident. */
@Resolver(() => Incident)
export class IncidentRunbooksResolver {
  constructor(
    private readonly applications: RunbookApplicationService,
    private readonly reviews: PostIncidentReviewService,
  ) {}

  @ResolveField(() => [RunbookApplication], { description: 'The runbook versions applied to this incident.' })
  async appliedRunbooks(
    @Parent() incident: Incident,
    @Context() context: GraphqlContext,
  ): Promise<RunbookApplication[]> {
    const loader = context.loaders.get<string, RunbookApplication[]>(
      'incident.appliedRunbooks',
      async (ids) =>
        groupByKeys(ids, await this.applications.applicationsOf(ids), (row) => row.incidentId).map((rows) =>
          rows.map(toApplication),
        ),
    );
    return loader.load(incident.id);
  }

  @ResolveField(() => PostIncidentReview, { nullable: true, description: 'The lessons learned (IR⑤).' })
  async postIncidentReview(
    @Parent() incident: Incident,
    @Context() context: GraphqlContext,
  ): Promise<PostIncidentReview | null> {
    const loader = context.loaders.get<string, PostIncidentReview | null>('incident.review', async (ids) =>
      oneByKeys(ids, await this.reviews.reviewsOf(ids), (row) => row.incidentId).map((row) =>
        row ? toReview(row) : null,
      ),
    );
    return loader.load(incident.id);
  }

  @Query(() => [RunbookSuggestion], {
    description:
      'Published runbooks that fit the incident, most specific first, leaving out those already applied.',
  })
  @RequirePermission(Permission.INCIDENT_READ)
  async suggestedRunbooks(
    @CurrentActor() actor: Actor,
    @Args('incidentId', { type: () => ID }) incidentId: string,
  ): Promise<RunbookSuggestion[]> {
    return (await this.applications.suggestions(actor, incidentId)).map((s) => ({
      runbook: toRunbook(s.runbook),
      version: toVersion(s.version),
      score: s.score,
      reasons: s.reasons,
    }));
  }

  @Mutation(() => RunbookApplication, {
    description:
      'Turns a published runbook version into the incident’s tasks, each assigned through the responsibility map and due along the runbook. The same version twice is refused (CONFLICT).',
  })
  @RequirePermission(Permission.INCIDENT_MANAGE)
  async applyRunbook(
    @CurrentActor() actor: Actor,
    @Args('incidentId', { type: () => ID }) incidentId: string,
    @Args('runbookVersionId', { type: () => ID }) runbookVersionId: string,
  ): Promise<RunbookApplication> {
    return toApplication(await this.applications.apply(actor, incidentId, runbookVersionId));
  }

  @Mutation(() => PostIncidentReview, {
    description: 'Writes the incident’s review; completed: true completes it.',
  })
  @RequirePermission(Permission.INCIDENT_MANAGE)
  async savePostIncidentReview(
    @CurrentActor() actor: Actor,
    @Args('incidentId', { type: () => ID }) incidentId: string,
    @Args('input') input: SaveReviewInput,
  ): Promise<PostIncidentReview> {
    return toReview(await this.reviews.save(actor, incidentId, input));
  }

  @Mutation(() => ReviewFinding, { description: 'A lesson and the action that follows from it.' })
  @RequirePermission(Permission.INCIDENT_MANAGE)
  async addReviewFinding(
    @CurrentActor() actor: Actor,
    @Args('incidentId', { type: () => ID }) incidentId: string,
    @Args('input') input: AddFindingInput,
  ): Promise<ReviewFinding> {
    return toFinding(await this.reviews.addFinding(actor, incidentId, input));
  }

  @Mutation(() => ReviewFinding, {
    description:
      'The owning organisation moves its action to IN_PROGRESS or DONE; managers also change owner and due date.',
  })
  @RequirePermission(Permission.INCIDENT_CONTRIBUTE)
  async updateReviewFinding(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateFindingInput,
  ): Promise<ReviewFinding> {
    return toFinding(await this.reviews.updateFinding(actor, validId(id, 'id'), input));
  }

  @Mutation(() => RunbookVersion, {
    description:
      'Writes an UPDATE_RUNBOOK_STEP finding’s change into the runbook’s draft (made when there is none).',
  })
  @RequirePermission(Permission.RUNBOOK_WRITE)
  async proposeRunbookChange(
    @CurrentActor() actor: Actor,
    @Args('findingId', { type: () => ID }) findingId: string,
  ): Promise<RunbookVersion> {
    return toVersion(await this.reviews.proposeRunbookChange(actor, validId(findingId, 'findingId')));
  }
}

@Resolver(() => PostIncidentReview)
export class PostIncidentReviewResolver {
  constructor(private readonly reviews: PostIncidentReviewService) {}

  @ResolveField(() => [ReviewFinding])
  async findings(
    @Parent() review: PostIncidentReview,
    @Context() context: GraphqlContext,
  ): Promise<ReviewFinding[]> {
    const loader = context.loaders.get<string, ReviewFinding[]>('review.findings', async (ids) =>
      groupByKeys(ids, await this.reviews.findingsOf(ids), (row) => row.reviewId).map((rows) =>
        rows.map(toFinding),
      ),
    );
    return loader.load(review.id);
  }
}

@Resolver(() => RunbookApplication)
export class RunbookApplicationResolver {
  constructor(
    private readonly applications: RunbookApplicationService,
    private readonly library: RunbookLibraryService,
  ) {}

  @ResolveField(() => RunbookVersion, {
    description: 'The version applied (as it was: published versions never change).',
  })
  async version(
    @Parent() application: RunbookApplication,
    @Context() context: GraphqlContext,
  ): Promise<RunbookVersion> {
    const loader = context.loaders.get<string, RunbookVersion>('application.version', async (ids) =>
      oneByKeys(ids, await this.library.versionsByIds(ids), (row) => row.id).map((row, i) =>
        row ? toVersion(row) : new Error(`Runbook version ${ids[i]} not found`),
      ),
    );
    return loader.load(application.versionId);
  }

  @ResolveField(() => [ID], { description: 'The tasks it created, in step order.' })
  async taskIds(
    @Parent() application: RunbookApplication,
    @Context() context: GraphqlContext,
  ): Promise<string[]> {
    const loader = context.loaders.get<string, string[]>('application.taskIds', async (ids) =>
      groupByKeys(ids, await this.applications.linksOfApplications(ids), (row) => row.applicationId).map(
        (rows) => rows.map((row) => row.taskId),
      ),
    );
    return loader.load(application.id);
  }
}

@Resolver(() => IncidentTask)
export class TaskRunbookStepResolver {
  constructor(private readonly applications: RunbookApplicationService) {}

  @ResolveField(() => TaskRunbookStep, {
    nullable: true,
    description: 'The runbook step this task came from.',
  })
  async runbookStep(
    @Parent() task: IncidentTask,
    @Context() context: GraphqlContext,
  ): Promise<TaskRunbookStep | null> {
    const loader = context.loaders.get<string, TaskRunbookStep | null>('task.runbookStep', async (ids) =>
      oneByKeys(ids, await this.applications.linksOf(ids), (row) => row.taskId).map((row) =>
        row ? toTaskRunbookStep(row) : null,
      ),
    );
    return loader.load(task.id);
  }
}
