import { IsDefined, ValidateIf } from 'class-validator';
import { applyDecorators } from '@nestjs/common';

/**
 * An optional input field that, when given, may not be null: absent means "leave as it is", while an
 * explicit null is bad input naming the field (the column is NOT NULL).
 */
export const IsOptionalNotNull = () =>
  applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    IsDefined({ message: ({ property }) => `${property} cannot be null` }),
  );
