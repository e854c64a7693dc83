import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { badInput, notFound } from '@renkei/core/errors/domain.errors';
import type { GraphqlContext } from '@renkei/core/graphql/graphql-context';
import { groupByKeys } from '@renkei/core/graphql/request-loaders';
import { PageInput } from '@renkei/core/pagination/connection';
import { DataSource } from 'typeorm';
import { renderAfterActionHtml, renderAfterActionMarkdown } from './after-action-render';
import { AfterActionFormat, AfterActionLanguage } from './dto/exercise-extra.type';
import {
  AdHocInjectInput,
  AfterActionReportType,
  CreateExerciseInput,
  Exercise,
  ExerciseActionRating,
  ExerciseConnection,
  ExerciseEvent,
  ExerciseInject,
  ExerciseObjectiveRatingType,
  ExerciseParticipant,
  ExerciseResponse,
  ImprovementItem,
  ParticipantInput,
  toActionRating,
  toEvent,
  toExercise,
  toImprovementItem,
  toInject,
  toObjectiveRating,
  toParticipant,
  toResponse,
  UpdateExerciseInput,
  UpdateInjectInput,
} from './dto/exercise.type';
import { ExerciseAccess, loadAccesses } from './exercise-access';
import { ExerciseEvaluationService } from './exercise-evaluation.service';
import { ExercisePlayService } from './exercise-play.service';
import { ExerciseRunner } from './exercise-runner';
import { ExerciseStatus } from './exercises.enums';
import { ExercisesService } from './exercises.service';
import { emptyAudience } from './scenario-content';
import { improvementRows } from './improvement-rows';

@Resolver(() => Exercise)
export class ExercisesResolver {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly planning: ExercisesService,
    private readonly runner: ExerciseRunner,
    private readonly play: ExercisePlayService,
    private readonly evaluation: ExerciseEvaluationService,
  ) {}

  private access(actor: Actor, context: GraphqlContext, id: string): Promise<ExerciseAccess> {
    const loader = context.loaders.get<string, ExerciseAccess | null>('exercise.access', async (ids) => {
      const found = await loadAccesses(this.dataSource.manager, actor, ids);
      return ids.map((key) => found.get(key) ?? null);
    });
    return loader.load(id).then((access) => {
      if (!access) throw notFound('Exercise', id);
      return access;
    });
  }

  @Query(() => ExerciseConnection, { description: 'Exercises your organisation organises or takes part in.' })
  @RequirePermission(Permission.EXERCISE_READ)
  async exercises(
    @CurrentActor() actor: Actor,
    @Args('statuses', { type: () => [ExerciseStatus], nullable: true }) statuses?: ExerciseStatus[] | null,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<ExerciseConnection> {
    const result = await this.planning.list(actor, { statuses: statuses ?? undefined }, page);
    const edges = result.rows.map((row) => ({
      cursor: this.planning.cursorOf(row),
      node: toExercise(row, result.roles.get(row.id) ?? null),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: result.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: result.totalCount,
    };
  }

  @Query(() => Exercise)
  @RequirePermission(Permission.EXERCISE_READ)
  async exercise(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Exercise> {
    const access = await this.planning.get(actor, id);
    return toExercise(access.exercise, access.role);
  }

  /**
   * One batched read per field for every exercise in the response: `fetch` gets the caller's access
   * to each (invisible ones are left out) and returns rows carrying their exercise id.
   */
  private batched<Row extends { exerciseId: string }, Out>(
    context: GraphqlContext,
    actor: Actor,
    field: string,
    fetch: (accesses: ExerciseAccess[]) => Promise<Row[]>,
    map: (row: Row, access: ExerciseAccess) => Out,
  ) {
    return context.loaders.get<string, Out[]>(`exercise.${field}`, async (ids) => {
      const accesses = await loadAccesses(this.dataSource.manager, actor, ids);
      const rows = await fetch([...accesses.values()]);
      return groupByKeys(ids, rows, (row) => row.exerciseId).map((list) =>
        list.map((row) => map(row, accesses.get(row.exerciseId) as ExerciseAccess)),
      );
    });
  }

  @ResolveField(() => [ExerciseParticipant], {
    description: 'Who takes part; the contacts that play are shown for one’s own organisation (staff: all).',
  })
  async participants(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ExerciseParticipant[]> {
    return this.batched(
      context,
      actor,
      'participants',
      (accesses) => this.planning.participants(accesses.map((a) => a.exercise.id)),
      (row, access) => {
        const participant = toParticipant(row);
        return access.staff || row.organisationId === actor.organisationId
          ? participant
          : { ...participant, contactIds: [] };
      },
    ).load(exercise.id);
  }

  @ResolveField(() => [ExerciseInject], {
    description:
      'Every inject for facilitators, evaluators and observers; a player sees those sent to it, without the audience and the expected actions (the evaluators’ answer key).',
  })
  async injects(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ExerciseInject[]> {
    return this.batched(
      context,
      actor,
      'injects',
      (accesses) => this.planning.injects(actor, new Map(accesses.map((a) => [a.exercise.id, a]))),
      (row, access) => {
        const inject = toInject(row);
        return access.staff
          ? inject
          : {
              ...inject,
              audience: emptyAudience(),
              expectedActions: [],
              recipientOrganisationIds: [actor.organisationId],
            };
      },
    ).load(exercise.id);
  }

  @ResolveField(() => [ExerciseResponse])
  async responses(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ExerciseResponse[]> {
    return this.batched(context, actor, 'responses', (a) => this.play.responses(actor, a), toResponse).load(
      exercise.id,
    );
  }

  @ResolveField(() => [ExerciseActionRating], { description: 'Evaluators’ ratings (not shown to players).' })
  async ratings(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ExerciseActionRating[]> {
    return this.batched(context, actor, 'ratings', (a) => this.evaluation.ratings(a), toActionRating).load(
      exercise.id,
    );
  }

  @ResolveField(() => [ExerciseObjectiveRatingType])
  async objectiveRatings(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ExerciseObjectiveRatingType[]> {
    return this.batched(
      context,
      actor,
      'objectiveRatings',
      (a) => this.evaluation.objectiveRatings(a),
      toObjectiveRating,
    ).load(exercise.id);
  }

  @ResolveField(() => [ExerciseEvent], { description: 'The exercise’s log (a player’s own side only).' })
  async events(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ExerciseEvent[]> {
    return this.batched(context, actor, 'events', (a) => this.play.eventLog(actor, a), toEvent).load(
      exercise.id,
    );
  }

  @ResolveField(() => [ImprovementItem], {
    description: 'The improvement plan (an organisation sees the items it owns).',
  })
  async improvementItems(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ImprovementItem[]> {
    return this.batched(
      context,
      actor,
      'improvementItems',
      (a) => this.evaluation.improvementItems(actor, a),
      toImprovementItem,
    ).load(exercise.id);
  }

  @ResolveField(() => AfterActionReportType, {
    nullable: true,
    description:
      'The after-action report, once the exercise has finished (facilitators, evaluators, observers).',
  })
  async afterActionReport(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
    @Args('format', { type: () => AfterActionFormat, defaultValue: AfterActionFormat.MARKDOWN })
    format: AfterActionFormat,
    @Args('language', { type: () => AfterActionLanguage, defaultValue: AfterActionLanguage.ja })
    language: AfterActionLanguage,
  ): Promise<AfterActionReportType | null> {
    const access = await this.access(actor, context, exercise.id);
    if (!access.staff || !access.exercise.report) return null;
    const items = await this.evaluation.improvementItems(actor, [access]);
    const options = {
      improvementPlan: await improvementRows(this.dataSource.manager, access.exercise.report, items),
    };
    const report = access.exercise.report;
    return {
      generatedAt: new Date(report.generatedAt),
      content: report as unknown as Record<string, unknown>,
      document:
        format === AfterActionFormat.HTML
          ? renderAfterActionHtml(report, language, options)
          : renderAfterActionMarkdown(report, language, options),
    };
  }

  // ---- planning ----

  @Mutation(() => Exercise, { description: 'Plans an exercise from the current version of a scenario.' })
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async createExercise(
    @CurrentActor() actor: Actor,
    @Args('input') input: CreateExerciseInput,
  ): Promise<Exercise> {
    const access = await this.planning.create(actor, input);
    return toExercise(access.exercise, access.role);
  }

  @Mutation(() => Exercise)
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async updateExercise(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateExerciseInput,
  ): Promise<Exercise> {
    const access = await this.planning.update(actor, id, input);
    return toExercise(access.exercise, access.role);
  }

  @Mutation(() => Exercise)
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async setExerciseParticipants(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('participants', { type: () => [ParticipantInput] }) participants: ParticipantInput[],
  ): Promise<Exercise> {
    if (participants.length > 200) throw badInput('participants', 'At most 200 participants');
    const access = await this.planning.setParticipants(actor, id, participants);
    return toExercise(access.exercise, access.role);
  }

  @Mutation(() => ExerciseInject, {
    description: 'Adjusts a planned inject (before the start or while paused).',
  })
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async updateExerciseInject(
    @CurrentActor() actor: Actor,
    @Args('injectId', { type: () => ID }) injectId: string,
    @Args('input') input: UpdateInjectInput,
  ): Promise<ExerciseInject> {
    return toInject(await this.planning.updateInject(actor, injectId, input));
  }

  // ---- the run ----

  @Mutation(() => Exercise)
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async startExercise(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Exercise> {
    return toExercise(await this.runner.start(actor, id), null);
  }

  @Mutation(() => Exercise)
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async pauseExercise(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Exercise> {
    return toExercise(await this.runner.pause(actor, id), null);
  }

  @Mutation(() => Exercise)
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async resumeExercise(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Exercise> {
    return toExercise(await this.runner.resume(actor, id), null);
  }

  @Mutation(() => Exercise, {
    description: 'Moves the clock to an inject and sends it now (earlier pending injects are skipped).',
  })
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async jumpToExerciseInject(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('injectId', { type: () => ID }) injectId: string,
  ): Promise<Exercise> {
    return toExercise(await this.runner.jumpTo(actor, id, injectId), null);
  }

  @Mutation(() => ExerciseInject, { description: 'An unplanned complication, sent now.' })
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async sendAdHocInject(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: AdHocInjectInput,
  ): Promise<ExerciseInject> {
    return toInject(
      await this.runner.sendAdHoc(actor, id, {
        ...input,
        expectedActions: input.expectedActions.map((action) => ({
          ...action,
          objectiveKey: action.objectiveKey ?? null,
        })),
      }),
    );
  }

  @Mutation(() => Exercise, { description: 'Ends the exercise and generates the after-action report.' })
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async finishExercise(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Exercise> {
    return toExercise(await this.runner.finish(actor, id), null);
  }

  @Mutation(() => Exercise)
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async cancelExercise(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Exercise> {
    return toExercise(await this.runner.cancel(actor, id), null);
  }
}
