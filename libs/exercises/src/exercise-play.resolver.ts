import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AcknowledgementPayload } from '@renkei/alerting/dto/alert.type';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import type { GraphqlContext } from '@renkei/core/graphql/graphql-context';
import { groupByKeys } from '@renkei/core/graphql/request-loaders';
import { DataSource } from 'typeorm';
import { renderAfterActionMarkdown } from './after-action-render';
import { InjectAcknowledgement } from './dto/exercise-extra.type';
import {
  AfterActionNotesInput,
  AfterActionReportType,
  ExerciseActionRating,
  ExerciseInject,
  ExerciseObjectiveRatingType,
  ExerciseResponse,
  ExerciseResponseInput,
  ImprovementItem,
  ImprovementItemInput,
  RateActionInput,
  RateObjectiveInput,
  toActionRating,
  toImprovementItem,
  toObjectiveRating,
  toResponse,
} from './dto/exercise.type';
import { loadAccesses } from './exercise-access';
import { ExerciseEvaluationService } from './exercise-evaluation.service';
import { ExercisePlayService } from './exercise-play.service';

/** What players and evaluators do in an exercise (acknowledge, respond, rate) and the improvement plan. */
@Resolver()
export class ExercisePlayResolver {
  constructor(
    private readonly play: ExercisePlayService,
    private readonly evaluation: ExerciseEvaluationService,
  ) {}

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
    return toActionRating(await this.evaluation.rateAction(actor, id, input));
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
    return toObjectiveRating(await this.evaluation.rateObjective(actor, id, input));
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
    const report = await this.evaluation.setReportNotes(actor, id, input);
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
    return toImprovementItem(await this.evaluation.addImprovementItem(actor, id, input));
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
    return toImprovementItem(await this.evaluation.updateImprovementItem(actor, itemId, input));
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
