import { PlatformRole } from '@renkei/core/context/actor';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { Fixtures, PASSWORD } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

describe('GraphQL hygiene', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({
      env: { GRAPHQL_MAX_DEPTH: '6', GRAPHQL_MAX_COMPLEXITY: '2000', BODY_LIMIT: '64kb' },
    });
    const f = new Fixtures(t.dataSource);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    token = await t.login((await f.user(city, PlatformRole.COORDINATOR)).email, PASSWORD);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses queries nested deeper than the limit', async () => {
    const deep = `{ incidents { edges { node { participants { organisation { id } } timeline { edges { node { kind } } } } } } }`;
    const result = await t.gql(deep, {}, token);
    expect(result.errors?.[0].message).toMatch(/too deep/);
    const shallow = await t.gql(`{ incidents { edges { node { id } } } }`, {}, token);
    expect(shallow.errors).toBeUndefined();
  });

  it('refuses queries above the complexity limit before resolving anything', async () => {
    const result = await t.gql(
      `{ incidents(page: { first: 100 }) { edges { node { id reference title description status severity tlp reportedAt participants { duties source organisation { id nameJa nameEn } } components { id nameJa nameEn } } } } }`,
      {},
      token,
    );
    expect(result.errors?.[0].message).toMatch(/too complex/);
  });

  it('prevents CSRF: a simple cross-site request (text/plain) is refused', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(400);
    const get = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(400);
  });

  it('refuses a request body over the limit', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ __typename }`, variables: { padding: 'x'.repeat(100_000) } }),
    });
    expect(response.status).toBe(413);
  });

  it('returns typed errors without stack traces, and a request id on every response', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-request-id': 'trace-123',
      },
      body: JSON.stringify({ query: `{ incident(id: "00000000-0000-4000-8000-000000000000") { id } }` }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions).toEqual({ code: 'NOT_FOUND' });
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at \w+ \(/i);
    const parse = await t.gql(`{ incidents { `, {}, token);
    expect(parse.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(parse)).not.toMatch(/stacktrace/i);
  });
});
