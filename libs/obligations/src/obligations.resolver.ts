import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import type { Actor } from '@renkei/core/context/actor';
import { badInput } from '@renkei/core/errors/domain.errors';
import type { GraphqlContext } from '@renkei/core/graphql/graphql-context';
import { groupByKeys } from '@renkei/core/graphql/request-loaders';
import { Incident } from '@renkei/incidents/dto/incident.type';
import { CommissionerNotifiedInput, SubmitObligationInput } from './dto/obligation.input';
import { Obligation, ReportingRule, toObligation, toReportingRule } from './dto/obligation.type';
import { ReportingRuleInput } from './dto/reporting-rule.input';
import { ObligationEntity } from './entities/obligation.entity';
import { ObligationsService } from './obligations.service';
import { ReportingRulesService } from './reporting-rules.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validId(id: string, field: string): string {
  if (!UUID.test(id)) throw badInput(field, `${id} is not a valid id`);
  return id;
}

/** Statutory reporting: rules, each incident's obligations, submissions and hand-overs. */
@Resolver(() => Incident)
export class IncidentObligationsResolver {
  constructor(private readonly service: ObligationsService) {}

  @ResolveField(() => [Obligation], {
    description: 'Statutory reports this incident requires (APPI Art. 26 and others), with their deadlines.',
  })
  async obligations(@Parent() incident: Incident, @Context() context: GraphqlContext): Promise<Obligation[]> {
    const loader = context.loaders.get<string, Obligation[]>('incident.obligations', async (ids) => {
      const rows = await this.service.obligationsOf(ids);
      return groupByKeys(ids, await presented(this.service, rows), (o) => o.incidentId);
    });
    return loader.load(incident.id);
  }
}

/** Obligations as GraphQL objects, their stage names from their rules (one query). */
async function presented(service: ObligationsService, rows: ObligationEntity[]): Promise<Obligation[]> {
  const rules = new Map(
    (await service.rulesByIds([...new Set(rows.map((o) => o.ruleId))])).map((r) => [r.id, r]),
  );
  const now = new Date();
  return rows.map((row) => toObligation(row, rules.get(row.ruleId), now));
}

@Resolver(() => Obligation)
export class ObligationsResolver {
  constructor(
    private readonly obligations: ObligationsService,
    private readonly rules: ReportingRulesService,
  ) {}

  @Query(() => [ReportingRule], { description: 'The statutory reporting rules of this installation.' })
  @RequirePermission(Permission.INCIDENT_READ)
  async reportingRules(): Promise<ReportingRule[]> {
    return (await this.rules.list()).map(toReportingRule);
  }

  @Mutation(() => ReportingRule)
  @RequirePermission(Permission.REPORTING_RULE_MANAGE)
  async createReportingRule(@Args('input') input: ReportingRuleInput): Promise<ReportingRule> {
    return toReportingRule(await this.rules.create(input));
  }

  @Mutation(() => ReportingRule, {
    description:
      'Replaces a rule; the open obligations under it follow it at once (due times and reminders).',
  })
  @RequirePermission(Permission.REPORTING_RULE_MANAGE)
  async updateReportingRule(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: ReportingRuleInput,
  ): Promise<ReportingRule> {
    return toReportingRule(await this.rules.update(validId(id, 'id'), input));
  }

  @Query(() => [Obligation], {
    description:
      'Overdue statutory reports on the incidents you can see, earliest deadline first (mine: those your organisation holds).',
  })
  @RequirePermission(Permission.INCIDENT_READ)
  async overdueObligations(
    @CurrentActor() actor: Actor,
    @Args('mine', { type: () => Boolean, nullable: true }) mine?: boolean,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<Obligation[]> {
    const limit = first ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badInput('first', 'Between 1 and 100');
    return presented(this.obligations, await this.obligations.overdue(actor, mine ?? false, limit));
  }

  @Mutation(() => Obligation, {
    description:
      'Records that a report was submitted, with the authority’s receipt number; after the deadline it is SUBMITTED_LATE.',
  })
  @RequirePermission(Permission.INCIDENT_CONTRIBUTE)
  async submitObligation(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: SubmitObligationInput,
  ): Promise<Obligation> {
    const saved = await this.obligations.submit(actor, validId(id, 'id'), input);
    return (await presented(this.obligations, [saved]))[0];
  }

  @Mutation(() => [Obligation], {
    description:
      'The contractor (受託者) told its commissioning organisation (委託元): the open reports it holds on this incident pass to that organisation.',
  })
  @RequirePermission(Permission.INCIDENT_CONTRIBUTE)
  async recordCommissionerNotified(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID, description: 'One of the contractor’s obligations on the incident.' })
    id: string,
    @Args('input', { nullable: true }) input?: CommissionerNotifiedInput,
  ): Promise<Obligation[]> {
    const moved = await this.obligations.recordCommissionerNotified(actor, validId(id, 'id'), input ?? {});
    return presented(this.obligations, moved);
  }
}
