import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode } from '../../errors/domain.errors';
import { formatGraphqlError } from '../error-format';
import { InputValidationPipe } from '../input-validation.pipe';

describe('InputValidationPipe: top-level arguments', () => {
  const pipe = new InputValidationPipe();
  const arg = (data: string, metatype: unknown) => ({ type: 3, data, metatype }) as never;

  it('refuses a malformed id argument as bad input naming it', async () => {
    await expect(pipe.transform('nope', arg('id', String))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    await expect(pipe.transform(['nope'], arg('componentIds', Array))).rejects.toMatchObject({
      field: 'componentIds',
    });
    const id = '0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e';
    await expect(pipe.transform(id, arg('organisationId', String))).resolves.toBe(id);
    // Not an id argument: left alone.
    await expect(pipe.transform('garbage', arg('refreshToken', String))).resolves.toBe('garbage');
  });

  it('treats an explicit null like an absent argument', async () => {
    await expect(pipe.transform(null, arg('filter', Object))).resolves.toBeUndefined();
  });
});

describe('formatGraphqlError: variable coercion', () => {
  const log = jest.fn();
  const format = (error: GraphQLError, code?: string) =>
    formatGraphqlError({ message: error.message, extensions: code ? { code } : undefined }, error, log);

  it('names the argument of a variable that does not fit its type', () => {
    const nested = new GraphQLError(
      'Variable "$input" got invalid value "SEV9" at "input.severity"; Value "SEV9" does not exist in "Severity" enum.',
    );
    expect(format(nested, 'BAD_USER_INPUT').extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.severity',
    });
    const top = new GraphQLError(
      'Variable "$role" got invalid value "X"; Value "X" does not exist in "PlatformRole" enum.',
    );
    // As the complexity plugin reports it: Apollo labels it an internal error.
    expect(format(top, 'INTERNAL_SERVER_ERROR').extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'role',
    });
    expect(log).not.toHaveBeenCalled();
  });

  it('still hides real internal errors and keeps domain errors as they are', () => {
    const internal = new GraphQLError('Variable "$x" is not what this is', { path: ['incidents'] });
    expect(format(internal, 'INTERNAL_SERVER_ERROR').extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    const domain = new GraphQLError('x', { originalError: new DomainError(ErrorCode.NOT_FOUND, 'gone') });
    expect(format(domain).extensions).toEqual({ code: 'NOT_FOUND' });
  });
});
