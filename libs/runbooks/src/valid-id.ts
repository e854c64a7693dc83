import { isUuid } from '@renkei/core/database/database-errors';
import { badInput } from '@renkei/core/errors/domain.errors';

/** A malformed id is bad input naming the argument (a well-formed unknown one is NOT_FOUND later). */
export function validId(value: string, field: string): string {
  if (!isUuid(value)) throw badInput(field, `${value} is not a valid id`);
  return value;
}
