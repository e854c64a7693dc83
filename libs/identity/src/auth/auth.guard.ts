import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import {
  MFA_ENROLLMENT_KEY,
  PERMISSION_KEY,
  PUBLIC_KEY,
  Permission,
  roleHas,
} from '@renkei/core/auth/permissions';
import { RequestContextStore } from '@renkei/core/context/request-context';
import { forbidden, unauthenticated } from '@renkei/core/errors/domain.errors';
import { AuthService } from './auth.service';

/**
 * Deny by default: every GraphQL operation and HTTP route is authenticated and must declare the
 * permission it needs (or be @Public). An operation that declares nothing is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request =
      context.getType<string>() === 'graphql'
        ? GqlExecutionContext.create(context).getContext().req
        : context.switchToHttp().getRequest();
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) throw forbidden('This operation declares no permission and is refused');
    const apiKeyHeader = request.headers?.['x-api-key'];
    const actor =
      request.actor ??
      (await this.auth.authenticate(
        request.headers?.authorization,
        typeof apiKeyHeader === 'string' ? apiKeyHeader : undefined,
      ));
    if (!actor) throw unauthenticated();
    request.actor = actor;
    const store = RequestContextStore.current();
    if (store) store.actor = actor;
    if (actor.mfaEnrollmentOnly && !this.reflector.getAllAndOverride<boolean>(MFA_ENROLLMENT_KEY, targets)) {
      throw forbidden('Your role requires a second factor: enrol TOTP first (startTotpEnrollment)');
    }
    if (!roleHas(actor.role, permission)) throw forbidden(`Your role (${actor.role}) lacks ${permission}`);
    return true;
  }
}
