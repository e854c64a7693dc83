import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Actor } from '../context/actor';
import { unauthenticated } from '../errors/domain.errors';

/** The authenticated actor of this request (set by the global guard). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request =
    context.getType<string>() === 'graphql'
      ? GqlExecutionContext.create(context).getContext().req
      : context.switchToHttp().getRequest();
  if (!request?.actor) throw unauthenticated();
  return request.actor as Actor;
});
