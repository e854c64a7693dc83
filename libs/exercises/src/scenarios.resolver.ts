import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { badInput } from '@renkei/core/errors/domain.errors';
import { PageInput } from '@renkei/core/pagination/connection';
import {
  ExerciseScenario,
  ExerciseScenarioConnection,
  ScenarioContentInput,
  ScenarioVersion,
  toScenario,
  toScenarioVersion,
} from './dto/scenario.type';
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
