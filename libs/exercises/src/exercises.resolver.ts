import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AcknowledgementPayload } from '@renkei/alerting/dto/alert.type';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { badInput, notFound } from '@renkei/core/errors/domain.errors';
import type { GraphqlContext } from '@renkei/core/graphql/graphql-context';
import { groupByKeys } from '@renkei/core/graphql/request-loaders';
import { PageInput } from '@renkei/core/pagination/connection';
import { renderAfterActionHtml, renderAfterActionMarkdown } from './after-action-render';
import {
  AdHocInjectInput,
  AfterActionNotesInput,
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
  ExerciseResponseInput,
  ImprovementItem,
  ImprovementItemInput,
  ParticipantInput,
  RateActionInput,
  RateObjectiveInput,
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
import { InjectAcknowledgement, AfterActionFormat, AfterActionLanguage } from './dto/exercise-extra.type';
import {
  ExerciseScenario,
  ExerciseScenarioConnection,
  ScenarioContentInput,
  ScenarioVersion,
  toScenario,
  toScenarioVersion,
} from './dto/scenario.type';
import { ExerciseAccess, loadAccesses } from './exercise-access';
import { ExercisePlayService } from './exercise-play.service';
import { ExerciseRunner } from './exercise-runner';
import { ExerciseStatus } from './exercises.enums';
import { ExercisesService } from './exercises.service';
import { improvementRows } from './improvement-rows';
import type { ScenarioContent } from './scenario-content';
import { ScenariosService } from './scenarios.service';

function normaliseContent(input: ScenarioContentInput): ScenarioContent {
  return {
    ...input,
    injects: input.injects.map((inject) => ({
      ...inject,
      expectedActions: inject.expectedActions.map((action) => ({
        ...action,
        objectiveKey: action.objectiveKey ?? null,
      })),
    })),
  };
}

@Resolver(() => ExerciseScenario)
export class ScenariosResolver {
  constructor(private readonly scenarios: ScenariosService) {}

  @Query(() => ExerciseScenarioConnection, {
    description:
      'The scenario library (examples and the city’s own), for those who plan exercises: players must not read the injects to come.',
  })
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async exerciseScenarios(
    @Args('includeArchived', { type: () => Boolean, defaultValue: false }) includeArchived: boolean,
    @Args('text', { type: () => String, nullable: true }) text?: string | null,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<ExerciseScenarioConnection> {
    if (text && text.length > 200) throw badInput('text', 'text must be at most 200 characters');
    const result = await this.scenarios.list({ includeArchived, text: text ?? undefined }, page);
    const edges = result.rows.map((row) => ({
      cursor: this.scenarios.cursorOf(row),
      node: toScenario(row.scenario, row.current),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: result.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: result.totalCount,
    };
  }

  @Query(() => ExerciseScenario)
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async exerciseScenario(@Args('id', { type: () => ID }) id: string): Promise<ExerciseScenario> {
    const found = await this.scenarios.get(id);
    return toScenario(found.scenario, found.current);
  }

  @ResolveField(() => [ScenarioVersion], { description: 'Every version, oldest first.' })
  async versions(@Parent() scenario: ExerciseScenario): Promise<ScenarioVersion[]> {
    return (await this.scenarios.versions(scenario.id)).map(toScenarioVersion);
  }

  @Mutation(() => ExerciseScenario)
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async createExerciseScenario(
    @CurrentActor() actor: Actor,
    @Args('content') content: ScenarioContentInput,
  ): Promise<ExerciseScenario> {
    const created = await this.scenarios.create(actor, normaliseContent(content));
    return toScenario(created.scenario, created.current);
  }

  @Mutation(() => ExerciseScenario, { description: 'Writes the next version of a scenario.' })
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async updateExerciseScenario(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    @Args('content') content: ScenarioContentInput,
  ): Promise<ExerciseScenario> {
    const updated = await this.scenarios.update(actor, id, expectedVersion, normaliseContent(content));
    return toScenario(updated.scenario, updated.current);
  }

  @Mutation(() => ExerciseScenario, {
    description: 'Copies a scenario (an example, say) into your organisation’s own.',
  })
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async copyExerciseScenario(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ExerciseScenario> {
    const copied = await this.scenarios.copy(actor, id);
    return toScenario(copied.scenario, copied.current);
  }

  @Mutation(() => ExerciseScenario)
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async archiveExerciseScenario(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('archived', { type: () => Boolean, defaultValue: true }) archived: boolean,
  ): Promise<ExerciseScenario> {
    const found = await this.scenarios.archive(actor, id, archived);
    return toScenario(found.scenario, found.current);
  }
}

@Resolver(() => Exercise)
export class ExercisesResolver {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly planning: ExercisesService,
    private readonly runner: ExerciseRunner,
    private readonly play: ExercisePlayService,
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

  @ResolveField(() => [ExerciseParticipant])
  async participants(
    @Parent() exercise: Exercise,
    @Context() context: GraphqlContext,
  ): Promise<ExerciseParticipant[]> {
    const loader = context.loaders.get<string, ExerciseParticipant[]>('exercise.participants', async (ids) =>
      groupByKeys(ids, await this.planning.participants(ids), (row) => row.exerciseId).map((rows) =>
        rows.map(toParticipant),
      ),
    );
    return loader.load(exercise.id);
  }

  @ResolveField(() => [ExerciseInject], {
    description: 'Every inject for facilitators, evaluators and observers; a player sees those sent to it.',
  })
  async injects(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ExerciseInject[]> {
    const loader = context.loaders.get<string, ExerciseInject[]>('exercise.injects', async (ids) => {
      const accesses = await loadAccesses(this.dataSource.manager, actor, ids);
      return groupByKeys(ids, await this.planning.injects(actor, accesses), (row) => row.exerciseId).map(
        (rows) => rows.map(toInject),
      );
    });
    return loader.load(exercise.id);
  }

  @ResolveField(() => [ExerciseResponse])
  async responses(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ExerciseResponse[]> {
    return (await this.play.responses(actor, await this.access(actor, context, exercise.id))).map(toResponse);
  }

  @ResolveField(() => [ExerciseActionRating], { description: 'Evaluators’ ratings (not shown to players).' })
  async ratings(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ExerciseActionRating[]> {
    return (await this.play.ratings(await this.access(actor, context, exercise.id))).map(toActionRating);
  }

  @ResolveField(() => [ExerciseObjectiveRatingType])
  async objectiveRatings(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ExerciseObjectiveRatingType[]> {
    return (await this.play.objectiveRatings(await this.access(actor, context, exercise.id))).map(
      toObjectiveRating,
    );
  }

  @ResolveField(() => [ExerciseEvent], { description: 'The exercise’s log (a player’s own side only).' })
  async events(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ExerciseEvent[]> {
    return (await this.play.eventLog(actor, await this.access(actor, context, exercise.id))).map(toEvent);
  }

  @ResolveField(() => [ImprovementItem], {
    description: 'The improvement plan (an organisation sees the items it owns).',
  })
  async improvementItems(
    @Parent() exercise: Exercise,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<ImprovementItem[]> {
    const access = await this.access(actor, context, exercise.id);
    return (await this.play.improvementItems(actor, [access])).map(toImprovementItem);
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
    const items = await this.play.improvementItems(actor, [access]);
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

  // ---- play ----

  @Mutation(() => AcknowledgementPayload, { description: 'Acknowledges an inject for your organisation.' })
  @RequirePermission(Permission.EXERCISE_PLAY)
  async acknowledgeExerciseInject(
    @CurrentActor() actor: Actor,
    @Args('injectId', { type: () => ID }) injectId: string,
    @Args('note', { type: () => String, nullable: true }) note?: string | null,
  ): Promise<AcknowledgementPayload> {
    return this.play.acknowledgeInject(actor, injectId, note);
  }

  @Mutation(() => ExerciseResponse, {
    description: 'A decision, an action taken, or a message to other players.',
  })
  @RequirePermission(Permission.EXERCISE_PLAY)
  async postExerciseResponse(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: ExerciseResponseInput,
  ): Promise<ExerciseResponse> {
    return toResponse(await this.play.respond(actor, id, input));
  }

  @Mutation(() => ExerciseActionRating, {
    description: 'An evaluator rates an expected action: met, partially met, missed.',
  })
  @RequirePermission(Permission.EXERCISE_PLAY)
  async rateExpectedAction(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: RateActionInput,
  ): Promise<ExerciseActionRating> {
    return toActionRating(await this.play.rateAction(actor, id, input));
  }

  @Mutation(() => ExerciseObjectiveRatingType, {
    description: 'An evaluator’s own P/S/M/U rating of an objective.',
  })
  @RequirePermission(Permission.EXERCISE_PLAY)
  async rateExerciseObjective(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: RateObjectiveInput,
  ): Promise<ExerciseObjectiveRatingType> {
    return toObjectiveRating(await this.play.rateObjective(actor, id, input));
  }

  @Mutation(() => AfterActionReportType, {
    description: 'The facilitator’s own strengths and areas for improvement.',
  })
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async setAfterActionNotes(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: AfterActionNotesInput,
  ): Promise<AfterActionReportType> {
    const report = await this.play.setReportNotes(actor, id, input);
    return {
      generatedAt: new Date(report.generatedAt),
      content: report as unknown as Record<string, unknown>,
      document: renderAfterActionMarkdown(report, 'ja'),
    };
  }

  @Mutation(() => ImprovementItem)
  @RequirePermission(Permission.EXERCISE_MANAGE)
  async addImprovementItem(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: ImprovementItemInput,
  ): Promise<ImprovementItem> {
    return toImprovementItem(await this.play.addImprovementItem(actor, id, input));
  }

  @Mutation(() => ImprovementItem, {
    description: 'The facilitator assigns and edits an item; its owner organisation updates its status.',
  })
  @RequirePermission(Permission.EXERCISE_PLAY)
  async updateImprovementItem(
    @CurrentActor() actor: Actor,
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('input') input: ImprovementItemInput,
  ): Promise<ImprovementItem> {
    return toImprovementItem(await this.play.updateImprovementItem(actor, itemId, input));
  }
}

@Resolver(() => ExerciseInject)
export class ExerciseInjectResolver {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @ResolveField(() => [InjectAcknowledgement], {
    description: 'Per organisation reached: alerted, delivered, acknowledged (a player sees its own).',
  })
  async acknowledgements(
    @Parent() inject: ExerciseInject,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<InjectAcknowledgement[]> {
    const loader = context.loaders.get<string, InjectAcknowledgement[]>(
      'inject.acknowledgements',
      async (ids) => {
        const rows = (await this.dataSource.query(
          `SELECT i.id AS inject_id, i.exercise_id, g.organisation_id, g.first_alerted_at, g.acknowledged_at,
                g.acknowledged_by_name,
                (SELECT count(*)::int FROM alert a WHERE a.incident_id = i.incident_id AND a.organisation_id = g.organisation_id
                    AND a.state IN ('SENT', 'DELIVERED', 'ACKNOWLEDGED')) AS delivered,
                (SELECT count(*)::int FROM alert a WHERE a.incident_id = i.incident_id AND a.organisation_id = g.organisation_id
                    AND a.state = 'FAILED') AS failed
           FROM exercise_inject i JOIN alert_engagement g ON g.incident_id = i.incident_id
          WHERE i.id = ANY($1::uuid[])
          ORDER BY g.first_alerted_at`,
          [ids],
        )) as {
          inject_id: string;
          exercise_id: string;
          organisation_id: string;
          first_alerted_at: Date;
          acknowledged_at: Date | null;
          acknowledged_by_name: string | null;
          delivered: number;
          failed: number;
        }[];
        const accesses = await loadAccesses(this.dataSource.manager, actor, [
          ...new Set(rows.map((r) => r.exercise_id)),
        ]);
        const visible = rows.filter(
          (row) => accesses.get(row.exercise_id)?.staff || row.organisation_id === actor.organisationId,
        );
        return groupByKeys(ids, visible, (row) => row.inject_id).map((list) =>
          list.map((row) => ({
            organisationId: row.organisation_id,
            firstAlertedAt: new Date(row.first_alerted_at),
            acknowledgedAt: row.acknowledged_at ? new Date(row.acknowledged_at) : null,
            acknowledgedBy: row.acknowledged_by_name,
            deliveredAlerts: row.delivered,
            failedAlerts: row.failed,
          })),
        );
      },
    );
    return loader.load(inject.id);
  }
}
