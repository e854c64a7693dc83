import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorCode } from '../errors/domain.errors';

/** Turns a constraint violation into a typed error; rethrows anything else unchanged. */
export function rethrowConstraint(
  error: unknown,
  messages: { unique?: [string, string]; foreignKey?: [string, string] },
): never {
  if (error instanceof QueryFailedError) {
    const code = (error.driverError as { code?: string } | undefined)?.code;
    if (code === '23505' && messages.unique) {
      throw new DomainError(ErrorCode.CONFLICT, messages.unique[1], messages.unique[0]);
    }
    if (code === '23503' && messages.foreignKey) {
      throw new DomainError(ErrorCode.CONFLICT, messages.foreignKey[1], messages.foreignKey[0]);
    }
  }
  throw error;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
