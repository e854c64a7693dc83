import { Type } from '@nestjs/common';
import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { badInput } from '../errors/domain.errors';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

@InputType()
export class PageInput {
  @Field(() => Int, { nullable: true, description: 'Page size (default 20, at most MAX_PAGE_SIZE).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  first?: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  after?: string;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds a `XConnection` GraphQL type: edges, pageInfo and totalCount, as the Relay spec has it. */
export function Connection<T>(node: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${name}Connection`, { isAbstract: true })
  abstract class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionType;
}

/** Keyset cursor: an opaque base64 of the sort key and the id. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): (string | number)[] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === length) return parts;
  } catch {
    // fall through
  }
  throw badInput('page.after', 'Invalid cursor');
}

export function pageSize(page: PageInput | undefined, max: number): number {
  const first = page?.first ?? 20;
  if (first < 1 || first > max) throw badInput('page.first', `Page size must be between 1 and ${max}`);
  return first;
}
