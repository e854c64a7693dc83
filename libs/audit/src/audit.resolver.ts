import { Inject } from '@nestjs/common';
import { Args, Field, ID, InputType, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import GraphQLJSON from 'graphql-type-json';
import { DataSource } from 'typeorm';
import { badInput } from '@renkei/core/errors/domain.errors';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import {
  Connection,
  PageInput,
  decodeCursor,
  encodeCursor,
  pageSize,
} from '@renkei/core/pagination/connection';
import { AuditService } from './audit.service';
import { AuditEventEntity } from './entities/audit-event.entity';

@ObjectType()
export class AuditEvent {
  @Field()
  sequence: string;

  @Field()
  occurredAt: Date;

  @Field()
  actorKind: string;

  @Field(() => String, { nullable: true })
  actorId: string | null;

  @Field(() => String, { nullable: true })
  actorName: string | null;

  @Field(() => ID, { nullable: true })
  organisationId: string | null;

  @Field()
  action: string;

  @Field()
  entityType: string;

  @Field(() => String, { nullable: true })
  entityId: string | null;

  @Field(() => String, { nullable: true })
  requestId: string | null;

  @Field(() => GraphQLJSON)
  data: Record<string, unknown>;

  @Field()
  previousHash: string;

  @Field()
  hash: string;
}

@ObjectType()
export class AuditEventConnection extends Connection(AuditEvent, 'AuditEvent') {}

@ObjectType()
export class AuditChainVerification {
  @Field()
  valid: boolean;

  @Field(() => Int)
  checked: number;

  @Field(() => String, {
    nullable: true,
    description: 'Sequence number of the first event that does not verify.',
  })
  brokenAtSequence: string | null;

  @Field(() => String, { nullable: true })
  reason: string | null;
}

@InputType()
export class AuditFilter {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;
}

@Resolver()
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => AuditEventConnection, { description: 'The audit log, newest first.' })
  @RequirePermission(Permission.AUDIT_READ)
  async auditEvents(
    @Args('filter', { nullable: true }) filter?: AuditFilter,
    @Args('page', { nullable: true }) page?: PageInput,
  ): Promise<AuditEventConnection> {
    const first = pageSize(page, this.config.maxPageSize);
    const query = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    if (filter?.entityType) query.andWhere('e.entity_type = :entityType', { entityType: filter.entityType });
    if (filter?.entityId) query.andWhere('e.entity_id = :entityId', { entityId: filter.entityId });
    if (filter?.action) query.andWhere('e.action = :action', { action: filter.action });
    const totalCount = await query.getCount();
    if (page?.after) {
      const [sequence] = decodeCursor(page.after, 1);
      if (!/^\d{1,18}$/.test(String(sequence))) throw badInput('page.after', 'Invalid cursor');
      query.andWhere('e.sequence < :sequence', { sequence: String(sequence) });
    }
    const rows = await query
      .orderBy('e.sequence', 'DESC')
      .limit(first + 1)
      .getMany();
    const edges = rows
      .slice(0, first)
      .map((row) => ({ cursor: encodeCursor([row.sequence]), node: row as AuditEvent }));
    return {
      edges,
      totalCount,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  @Query(() => AuditChainVerification, { description: 'Recomputes the hash chain and says where it breaks.' })
  @RequirePermission(Permission.AUDIT_READ)
  async verifyAuditChain(): Promise<AuditChainVerification> {
    return this.audit.verifyChain();
  }
}
