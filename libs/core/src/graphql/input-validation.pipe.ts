import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validate } from 'class-validator';
import { isUuid } from '../database/database-errors';
import { badInput } from '../errors/domain.errors';

function firstError(errors: ValidationError[], path: string[]): { field: string; message: string } | null {
  for (const error of errors) {
    const here = [...path, error.property];
    if (error.constraints && Object.keys(error.constraints).length > 0) {
      return { field: here.join('.'), message: Object.values(error.constraints)[0] };
    }
    const nested = firstError(error.children ?? [], here);
    if (nested) return nested;
  }
  return null;
}

const VALIDATED_PARAMTYPES = new Set(['3', 'body', 'query', 'param']);

/**
 * Top-level ID arguments (`id`, `organisationId`, `componentIds`, …). Every id of this API is a UUID:
 * a malformed one is bad input, refused here rather than failing in the database as an internal error.
 */
const ID_ARGUMENT = /^(id|[a-z][A-Za-z0-9]*Ids?)$/;

function checkIdArgument(name: string, value: unknown): void {
  const ids = Array.isArray(value) ? value : [value];
  const bad = ids.find((id) => typeof id !== 'string' || !isUuid(id));
  if (bad !== undefined) throw badInput(name, `${String(bad)} is not a valid id`);
}

/**
 * Validates GraphQL arguments with class-validator and fails with BAD_USER_INPUT naming the field
 * (`input.title`), before any service runs — so bad input changes nothing.
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // GraphQL arguments arrive as paramtype "3" (GqlParamtype.ARGS); parents and contexts pass untouched.
    if (!VALIDATED_PARAMTYPES.has(String(metadata.type))) return value;
    // An explicit null for an optional argument (`filter: null`) means the same as leaving it out, so
    // resolvers and their parameter defaults see `undefined` either way.
    if (value === null && metadata.data) return undefined;
    const type = metadata.metatype;
    if (
      metadata.data &&
      ID_ARGUMENT.test(metadata.data) &&
      (type === String || type === Array) &&
      value != null
    ) {
      checkIdArgument(metadata.data, value);
    }
    if (!type || [String, Boolean, Number, Array, Object].includes(type as never) || value == null)
      return value;
    if (typeof value !== 'object') return value;
    const instance = plainToInstance(type, value);
    const errors = await validate(instance as object, { whitelist: true, forbidUnknownValues: false });
    const error = firstError(errors, metadata.data ? [metadata.data] : []);
    if (error) throw badInput(error.field, error.message);
    return instance;
  }
}
