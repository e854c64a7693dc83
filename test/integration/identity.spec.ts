import { randomBytes } from 'node:crypto';
import { PlatformRole } from '@renkei/core/context/actor';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { signAccessToken } from '@renkei/identity/auth/access-token';
import { totp } from '@renkei/identity/auth/totp';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { GraphqlResult, TestApp, startTestApp } from '../support/test-app';

const LOGIN = `mutation($input: LoginInput!) {
  login(input: $input) { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt mfaEnrollmentRequired user { id email role organisationId totpEnabled lastLoginAt } }
}`;
const REFRESH = `mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken user { id } } }`;
const LOGOUT = `mutation($token: String!) { logout(refreshToken: $token) }`;
const ME = `{ me { id email role organisationId totpEnabled } }`;
const INCIDENTS = `{ incidents { edges { node { id } } } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email role organisationId displayName } }`;
const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id role disabled organisationId } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name prefix role organisationId lastUsedAt revokedAt expiresAt } } }`;
const API_KEYS = `query($org: ID) { apiKeys(organisationId: $org) { id name prefix role organisationId lastUsedAt revokedAt } }`;
const REVIEW = `query($filter: AccountReviewFilter) {
  accountReview(filter: $filter) { id kind name email role active lastActiveAt secondFactor secondFactorMissing organisation { id nameJa } }
}`;
const SET_MFA = `mutation($role: PlatformRole!, $required: Boolean!) { setMfaRequirement(role: $role, required: $required) { role required } }`;
const START_TOTP = `mutation { startTotpEnrollment { secret otpauthUri } }`;
const CONFIRM_TOTP = `mutation($code: String!) { confirmTotpEnrollment(code: $code) { accessToken refreshToken mfaEnrollmentRequired user { id totpEnabled } } }`;

const MAX_FAILURES = 3;
let ipCounter = 0;
/** A client address of its own (the API trusts X-Forwarded-For from loopback), so per-address limits stay per test. */
const freshIp = () => `203.0.113.${++ipCounter}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('identity: login, sessions, second factor, API keys and accounts', () => {
  let t: TestApp;
  let f: Fixtures;
  let city: { id: string };
  let provider: { id: string };
  let admin: string;
  let adminId: string;

  /** POSTs a GraphQL operation with any headers (the harness's gql sends only a bearer token). */
  const post = async <T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphqlResult<T>> => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphqlResult<T>;
  };
  const login = (input: { email: string; password: string; totpCode?: string }, ip = freshIp()) =>
    post(LOGIN, { input }, { 'x-forwarded-for': ip });
  const user = async (role: PlatformRole, organisation: { id: string } = provider) =>
    f.user(organisation as never, role);

  beforeAll(async () => {
    // One app for the file, with a low failure limit so the rate limit can be exercised too.
    t = await startTestApp({ env: { LOGIN_MAX_FAILURES: String(MAX_FAILURES) } });
    f = new Fixtures(t.dataSource);
    city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    provider = await f.organisation({ guidelineRoles: [GuidelineRole.SERVICE_PROVIDER] });
    const adminUser = await f.user(city as never, PlatformRole.ADMIN);
    adminId = adminUser.id;
    admin = await t.login(adminUser.email, PASSWORD);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('access tokens follow the account', () => {
    it('stop working as soon as the account is disabled, and carry the current role', async () => {
      const account = await user(PlatformRole.RESPONDER);
      const token = (await login({ email: account.email, password: PASSWORD })).data.login.accessToken;
      expect((await t.gql(ME, {}, token)).data.me.role).toBe('RESPONDER');
      await t.gqlOk(UPDATE_USER, { id: account.id, input: { role: 'VIEWER' } }, admin);
      expect((await t.gql(ME, {}, token)).data.me.role).toBe('VIEWER');
      await t.gqlOk(UPDATE_USER, { id: account.id, input: { disabled: true } }, admin);
      const refused = await t.gql(ME, {}, token);
      expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('stop working after a password change', async () => {
      const account = await user(PlatformRole.STAKEHOLDER);
      const token = (await login({ email: account.email, password: PASSWORD })).data.login.accessToken;
      await t.dataSource.query(
        `UPDATE app_user SET password_changed_at = now() + interval '2 seconds' WHERE id = $1`,
        [account.id],
      );
      expect((await t.gql(ME, {}, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('login', () => {
    it('bounds guessing even when the guesses arrive at once', async () => {
      const account = await user(PlatformRole.VIEWER);
      const ip = freshIp();
      const results = await Promise.all(
        Array.from({ length: 12 }, () => login({ email: account.email, password: 'wrong-password-123' }, ip)),
      );
      const codes = results.map((r) => r.errors?.[0].extensions?.code);
      expect(codes.every((code) => code === 'UNAUTHENTICATED' || code === 'TOO_MANY_REQUESTS')).toBe(true);
      expect(codes.filter((code) => code === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(MAX_FAILURES);
      expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS').length).toBeGreaterThan(0);
    });

    it('returns a session whose token identifies the user, and records the login', async () => {
      const account = await user(PlatformRole.RESPONDER);
      const result = await login({ email: account.email.toUpperCase(), password: PASSWORD });
      expect(result.errors).toBeUndefined();
      const session = result.data.login;
      expect(session.accessToken.split('.')).toHaveLength(3);
      expect(session.refreshToken).toEqual(expect.any(String));
      expect(session.mfaEnrollmentRequired).toBe(false);
      expect(new Date(session.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(new Date(session.refreshTokenExpiresAt).getTime()).toBeGreaterThan(
        new Date(session.accessTokenExpiresAt).getTime(),
      );
      expect(session.user).toMatchObject({
        id: account.id,
        email: account.email,
        role: 'RESPONDER',
        organisationId: provider.id,
      });
      const me = await t.gqlOk(ME, {}, session.accessToken);
      expect(me.me).toMatchObject({ id: account.id, role: 'RESPONDER', organisationId: provider.id });
      const [row] = await t.dataSource.query(`SELECT last_login_at FROM app_user WHERE id = $1`, [
        account.id,
      ]);
      expect(row.last_login_at).not.toBeNull();
    });

    it('fails with the same UNAUTHENTICATED message for an unknown user, a wrong password and a disabled account', async () => {
      const account = await user(PlatformRole.VIEWER);
      const disabled = await f.user(provider as never, PlatformRole.VIEWER, { disabled: true });
      const wrongPassword = await login({ email: account.email, password: 'not-the-password' });
      const unknown = await login({
        email: `nobody-${randomBytes(3).toString('hex')}@example.jp`,
        password: PASSWORD,
      });
      const disabledLogin = await login({ email: disabled.email, password: PASSWORD });
      for (const result of [wrongPassword, unknown, disabledLogin]) {
        expect(result.data).toBeNull();
        expect(result.errors).toHaveLength(1);
        expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
      expect(unknown.errors?.[0].message).toBe(wrongPassword.errors?.[0].message);
      expect(disabledLogin.errors?.[0].message).toBe(wrongPassword.errors?.[0].message);
      expect(JSON.stringify(wrongPassword.errors)).not.toMatch(/password_hash|argon|stack/i);
    });

    it(`locks an account after ${MAX_FAILURES} failures, even for the right password, without locking others`, async () => {
      const victim = await user(PlatformRole.RESPONDER);
      const bystander = await user(PlatformRole.RESPONDER);
      for (let i = 0; i < MAX_FAILURES; i += 1) {
        const failed = await login({ email: victim.email, password: `wrong-${i}` });
        expect(failed.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
      const locked = await login({ email: victim.email, password: PASSWORD });
      expect(locked.errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
      expect(locked.data).toBeNull();
      // The lock is per account: the address is not blocked and another account still logs in.
      const other = await login({ email: bystander.email, password: PASSWORD });
      expect(other.errors).toBeUndefined();
      expect(other.data.login.user.id).toBe(bystander.id);
    });

    it('limits failures from one client address across accounts', async () => {
      const ip = freshIp();
      // The address limit is four times the account limit.
      for (let i = 0; i < MAX_FAILURES * 4; i += 1) {
        const failed = await login(
          { email: `guess-${i}-${randomBytes(3).toString('hex')}@example.jp`, password: 'guess-guess-guess' },
          ip,
        );
        expect(failed.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
      const account = await user(PlatformRole.VIEWER);
      const blocked = await login({ email: account.email, password: PASSWORD }, ip);
      expect(blocked.errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
      const elsewhere = await login({ email: account.email, password: PASSWORD }, freshIp());
      expect(elsewhere.errors).toBeUndefined();
    });

    it('refuses protected operations without a valid access token', async () => {
      const account = await user(PlatformRole.RESPONDER);
      const claims = {
        sub: account.id,
        org: provider.id,
        role: PlatformRole.RESPONDER,
        name: account.displayName,
      };
      const expired = signAccessToken(claims, t.config.jwtSecret, -60).token;
      const forged = signAccessToken(claims, randomBytes(32), 900).token;
      const genuine = signAccessToken(claims, t.config.jwtSecret, 900).token;
      const [head, , signature] = genuine.split('.');
      const escalated = `${head}.${Buffer.from(JSON.stringify({ ...claims, role: 'ADMIN', iat: 1, exp: 4102444800 })).toString('base64url')}.${signature}`;
      const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${genuine.split('.')[1]}.`;

      expect((await t.gql(ME, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(INCIDENTS, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      for (const token of [expired, forged, escalated, unsigned, 'garbage', 'a.b.c']) {
        const result = await t.gql(ME, {}, token);
        expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        expect(result.data).toBeNull();
      }
      // The control: the same claims, properly signed and current, are accepted.
      expect((await t.gqlOk(ME, {}, genuine)).me.id).toBe(account.id);
    });
  });

  describe('sessions', () => {
    it('rotates refresh tokens: a used token is refused, and reusing it revokes the newer one too', async () => {
      const account = await user(PlatformRole.RESPONDER);
      const first = (await login({ email: account.email, password: PASSWORD })).data.login;
      const second = (await t.gqlOk(REFRESH, { token: first.refreshToken })).refreshSession;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.user.id).toBe(account.id);
      expect((await t.gqlOk(ME, {}, second.accessToken)).me.id).toBe(account.id);

      const reuse = await t.gql(REFRESH, { token: first.refreshToken });
      expect(reuse.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      // Reuse means theft: the session issued from the stolen token ends as well.
      const afterTheft = await t.gql(REFRESH, { token: second.refreshToken });
      expect(afterTheft.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM refresh_token WHERE user_id = $1 AND revoked_at IS NULL`,
        [account.id],
      );
      expect(count).toBe(0);
      const events = await t.dataSource.query(
        `SELECT action FROM audit_event WHERE entity_id = $1 AND action = 'user.session_reuse_detected'`,
        [account.id],
      );
      // Each presentation of a revoked token is recorded: the stolen one, then the one it revoked.
      expect(events).toHaveLength(2);
      // The user logs in again and gets a working session.
      const fresh = (await login({ email: account.email, password: PASSWORD })).data.login;
      expect((await t.gqlOk(REFRESH, { token: fresh.refreshToken })).refreshSession.user.id).toBe(account.id);
    });

    it('refreshes normally in a chain, each token once', async () => {
      const account = await user(PlatformRole.VIEWER);
      let token = (await login({ email: account.email, password: PASSWORD })).data.login.refreshToken;
      const seen = new Set([token]);
      for (let i = 0; i < 3; i += 1) {
        token = (await t.gqlOk(REFRESH, { token })).refreshSession.refreshToken;
        seen.add(token);
      }
      expect(seen.size).toBe(4);
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM refresh_token WHERE user_id = $1 AND revoked_at IS NULL`,
        [account.id],
      );
      expect(count).toBe(1);
    });

    it('logs out: the refresh token stops working', async () => {
      const account = await user(PlatformRole.VIEWER);
      const session = (await login({ email: account.email, password: PASSWORD })).data.login;
      expect((await t.gqlOk(LOGOUT, { token: session.refreshToken })).logout).toBe(true);
      expect((await t.gqlOk(LOGOUT, { token: session.refreshToken })).logout).toBe(false);
      const refreshed = await t.gql(REFRESH, { token: session.refreshToken });
      expect(refreshed.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(REFRESH, { token: 'never-issued' })).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    });

    it('ends the sessions of a changed password and accepts only the new one', async () => {
      const account = await user(PlatformRole.RESPONDER);
      const session = (await login({ email: account.email, password: PASSWORD })).data.login;
      const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;
      const wrong = await t.gql(
        CHANGE,
        { input: { currentPassword: 'not-it-at-all', newPassword: 'a-brand-new-password' } },
        session.accessToken,
      );
      expect(wrong.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.currentPassword',
      });
      const short = await t.gql(
        CHANGE,
        { input: { currentPassword: PASSWORD, newPassword: 'short' } },
        session.accessToken,
      );
      expect(short.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.newPassword',
      });
      expect(
        (
          await t.gqlOk(
            CHANGE,
            { input: { currentPassword: PASSWORD, newPassword: 'a-brand-new-password' } },
            session.accessToken,
          )
        ).changePassword,
      ).toBe(true);
      expect((await t.gql(REFRESH, { token: session.refreshToken })).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
      expect((await login({ email: account.email, password: PASSWORD })).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
      expect(
        (await login({ email: account.email, password: 'a-brand-new-password' })).errors,
      ).toBeUndefined();
    });
  });

  describe('TOTP', () => {
    it('enrols, then requires a fresh code at every login and never accepts a code twice', async () => {
      const account = await user(PlatformRole.RESPONDER);
      const token = (await login({ email: account.email, password: PASSWORD })).data.login.accessToken;
      const { startTotpEnrollment } = await t.gqlOk(START_TOTP, {}, token);
      expect(startTotpEnrollment.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(startTotpEnrollment.otpauthUri).toContain(`secret=${startTotpEnrollment.secret}`);
      expect(startTotpEnrollment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Renkei/);
      const [stored] = await t.dataSource.query(
        `SELECT totp_secret, totp_enabled FROM app_user WHERE id = $1`,
        [account.id],
      );
      expect(stored.totp_enabled).toBe(false);
      expect(stored.totp_secret).not.toContain(startTotpEnrollment.secret);

      const secret: string = startTotpEnrollment.secret;
      const valid = new Set([-2, -1, 0, 1, 2].map((step) => totp(secret, Date.now() + step * 30_000)));
      const wrongCode = ['000000', '111111', '222222', '333333', '444444', '555555'].find(
        (code) => !valid.has(code),
      ) as string;
      const badConfirm = await t.gql(CONFIRM_TOTP, { code: wrongCode }, token);
      expect(badConfirm.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });

      const confirmed = (await t.gqlOk(CONFIRM_TOTP, { code: totp(secret) }, token)).confirmTotpEnrollment;
      expect(confirmed.user.totpEnabled).toBe(true);
      expect(confirmed.refreshToken).toEqual(expect.any(String));
      expect(confirmed.mfaEnrollmentRequired).toBe(false);
      const again = await t.gql(START_TOTP, {}, token);
      expect(again.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

      const withoutCode = await login({ email: account.email, password: PASSWORD });
      expect(withoutCode.data).toBeNull();
      expect(withoutCode.errors?.[0].extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        reason: 'TOTP_REQUIRED',
      });

      // The next time step: the enrolment used the current one.
      const code = totp(secret, Date.now() + 30_000);
      const withCode = await login({ email: account.email, password: PASSWORD, totpCode: code });
      expect(withCode.errors).toBeUndefined();
      expect(withCode.data.login.user).toMatchObject({ id: account.id, totpEnabled: true });

      const replay = await login({ email: account.email, password: PASSWORD, totpCode: code });
      expect(replay.data).toBeNull();
      expect(replay.errors?.[0].extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        reason: 'TOTP_INVALID',
      });
      const wrongPasswordRightCode = await login({
        email: account.email,
        password: 'nope-nope-nope',
        totpCode: totp(secret),
      });
      expect(wrongPasswordRightCode.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(wrongPasswordRightCode.errors?.[0].extensions?.reason).toBeUndefined();
    });

    it('lets an administrator require TOTP for a role: un-enrolled users get a restricted enrolment session', async () => {
      const stakeholder = await user(PlatformRole.STAKEHOLDER);
      const responder = await user(PlatformRole.RESPONDER);
      const refused = await t.gql(
        SET_MFA,
        { role: 'STAKEHOLDER', required: true },
        await t.login(responder.email, PASSWORD),
      );
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const { setMfaRequirement } = await t.gqlOk(SET_MFA, { role: 'STAKEHOLDER', required: true }, admin);
      try {
        expect(setMfaRequirement).toEqual({ role: 'STAKEHOLDER', required: true });
        const { mfaRequirements } = await t.gqlOk(`{ mfaRequirements { role required } }`, {}, admin);
        expect(mfaRequirements).toContainEqual({ role: 'STAKEHOLDER', required: true });
        expect(mfaRequirements).toContainEqual({ role: 'RESPONDER', required: false });

        const review = (await t.gqlOk(REVIEW, { filter: { organisationIds: [provider.id] } }, admin))
          .accountReview;
        expect(review.find((entry: any) => entry.id === stakeholder.id)).toMatchObject({
          secondFactor: false,
          secondFactorMissing: true,
        });
        expect(review.find((entry: any) => entry.id === responder.id)).toMatchObject({
          secondFactor: false,
          secondFactorMissing: false,
        });

        const restricted = (await login({ email: stakeholder.email, password: PASSWORD })).data.login;
        expect(restricted.mfaEnrollmentRequired).toBe(true);
        expect(restricted.refreshToken).toBeNull();
        expect(restricted.refreshTokenExpiresAt).toBeNull();
        expect((await t.gqlOk(ME, {}, restricted.accessToken)).me.id).toBe(stakeholder.id);
        const blocked = await t.gql(INCIDENTS, {}, restricted.accessToken);
        expect(blocked.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        const blockedDirectory = await t.gql(`{ organisations { id } }`, {}, restricted.accessToken);
        expect(blockedDirectory.errors?.[0].extensions?.code).toBe('FORBIDDEN');

        const { startTotpEnrollment } = await t.gqlOk(START_TOTP, {}, restricted.accessToken);
        const full = (
          await t.gqlOk(CONFIRM_TOTP, { code: totp(startTotpEnrollment.secret) }, restricted.accessToken)
        ).confirmTotpEnrollment;
        expect(full.mfaEnrollmentRequired).toBe(false);
        expect(full.refreshToken).toEqual(expect.any(String));
        expect(Array.isArray((await t.gqlOk(INCIDENTS, {}, full.accessToken)).incidents.edges)).toBe(true);
        // The role requires it: the second factor cannot be switched off.
        const disable = await t.gql(
          `mutation($code: String!) { disableTotp(code: $code) }`,
          { code: totp(startTotpEnrollment.secret, Date.now() + 30_000) },
          full.accessToken,
        );
        expect(disable.errors?.[0].extensions?.code).toBe('FORBIDDEN');

        const after = (await t.gqlOk(REVIEW, { filter: { organisationIds: [provider.id] } }, admin))
          .accountReview;
        expect(after.find((entry: any) => entry.id === stakeholder.id)).toMatchObject({
          secondFactor: true,
          secondFactorMissing: false,
        });
      } finally {
        await t.gqlOk(SET_MFA, { role: 'STAKEHOLDER', required: false }, admin);
      }
      const relaxed = (
        await login({ email: (await user(PlatformRole.STAKEHOLDER)).email, password: PASSWORD })
      ).data.login;
      expect(relaxed.mfaEnrollmentRequired).toBe(false);
      expect(relaxed.refreshToken).toEqual(expect.any(String));
    });
  });

  describe('API keys', () => {
    it('shows the secret once, authenticates with it as bearer or X-API-Key, with the key’s role and organisation', async () => {
      const { createApiKey } = await t.gqlOk(
        CREATE_KEY,
        { input: { name: 'SIEM connector', organisationId: provider.id, role: 'RESPONDER' } },
        admin,
      );
      const { secret, apiKey } = createApiKey;
      expect(secret).toMatch(/^rk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
      expect(secret.split('_')[1]).toBe(apiKey.prefix);
      expect(apiKey).toMatchObject({
        name: 'SIEM connector',
        role: 'RESPONDER',
        organisationId: provider.id,
        lastUsedAt: null,
        revokedAt: null,
      });

      const listed = (await t.gqlOk(API_KEYS, { org: provider.id }, admin)).apiKeys;
      expect(listed.map((key: any) => key.id)).toContain(apiKey.id);
      expect(JSON.stringify(listed)).not.toContain(secret.split('_')[2]);
      const [row] = await t.dataSource.query(`SELECT * FROM api_key WHERE id = $1`, [apiKey.id]);
      expect(JSON.stringify(row)).not.toContain(secret.split('_')[2]);

      const asBearer = await t.gqlOk(ME, {}, secret);
      expect(asBearer.me).toMatchObject({ id: apiKey.id, role: 'RESPONDER', organisationId: provider.id });
      const asHeader = await post(ME, {}, { 'x-api-key': secret });
      expect(asHeader.errors).toBeUndefined();
      expect(asHeader.data.me).toMatchObject({
        id: apiKey.id,
        role: 'RESPONDER',
        organisationId: provider.id,
      });

      // The key acts with its role: a responder may report, but not manage keys or users.
      const report = await t.gql(
        `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { reporterOrganisationId } } }`,
        { input: { title: 'SIEM アラート', severity: 'SEV4', category: 'OTHER' } },
        secret,
      );
      expect(report.errors).toBeUndefined();
      expect(report.data.reportIncident.incident.reporterOrganisationId).toBe(provider.id);
      const manage = await t.gql(
        CREATE_KEY,
        { input: { name: 'escalate', organisationId: provider.id, role: 'COORDINATOR' } },
        secret,
      );
      expect(manage.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      // …and sees the city through its organisation only.
      const organisations = (await t.gqlOk(`{ organisations { id } }`, {}, secret)).organisations;
      expect(organisations.map((o: any) => o.id)).toEqual([provider.id]);

      let lastUsedAt: string | null = null;
      for (let attempt = 0; attempt < 50 && !lastUsedAt; attempt += 1) {
        lastUsedAt = (await t.gqlOk(API_KEYS, { org: provider.id }, admin)).apiKeys.find(
          (key: any) => key.id === apiKey.id,
        ).lastUsedAt;
        if (!lastUsedAt) await sleep(100);
      }
      expect(lastUsedAt).not.toBeNull();
      const review = (await t.gqlOk(REVIEW, { filter: { organisationIds: [provider.id] } }, admin))
        .accountReview;
      expect(review.find((entry: any) => entry.id === apiKey.id)).toMatchObject({
        kind: 'API_KEY',
        name: 'SIEM connector',
        email: null,
        role: 'RESPONDER',
        active: true,
        secondFactor: false,
        secondFactorMissing: false,
        lastActiveAt: expect.any(String),
        organisation: { id: provider.id },
      });
    });

    it('stops working once revoked or expired, and never with a wrong secret', async () => {
      const { createApiKey } = await t.gqlOk(
        CREATE_KEY,
        { input: { name: 'to revoke', organisationId: provider.id, role: 'VIEWER' } },
        admin,
      );
      const { secret, apiKey } = createApiKey;
      expect((await t.gqlOk(ME, {}, secret)).me.id).toBe(apiKey.id);
      const tampered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      expect((await t.gql(ME, {}, tampered)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

      const { revokeApiKey } = await t.gqlOk(
        `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`,
        { id: apiKey.id },
        admin,
      );
      expect(revokeApiKey.revokedAt).not.toBeNull();
      expect((await t.gql(ME, {}, secret)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await post(ME, {}, { 'x-api-key': secret })).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
      const review = (await t.gqlOk(REVIEW, { filter: { organisationIds: [provider.id] } }, admin))
        .accountReview;
      expect(review.find((entry: any) => entry.id === apiKey.id).active).toBe(false);

      const expiring = (
        await t.gqlOk(
          CREATE_KEY,
          {
            input: {
              name: 'short-lived',
              organisationId: provider.id,
              role: 'VIEWER',
              expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
            },
          },
          admin,
        )
      ).createApiKey;
      expect((await t.gqlOk(ME, {}, expiring.secret)).me.id).toBe(expiring.apiKey.id);
      await t.dataSource.query(`UPDATE api_key SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        expiring.apiKey.id,
      ]);
      expect((await t.gql(ME, {}, expiring.secret)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('refuses bad key requests and changes nothing', async () => {
      const responder = await t.login((await user(PlatformRole.RESPONDER)).email, PASSWORD);
      const before = await databaseDigest(t.dataSource);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ name: 'root', organisationId: provider.id, role: 'ADMIN' }, 'BAD_USER_INPUT', 'input.role'],
        [
          { name: 'late', organisationId: provider.id, role: 'VIEWER', expiresAt: '2001-01-01T00:00:00Z' },
          'BAD_USER_INPUT',
          'input.expiresAt',
        ],
        [
          { name: 'orphan', organisationId: '00000000-0000-4000-8000-000000000000', role: 'VIEWER' },
          'BAD_USER_INPUT',
          'input.organisationId',
        ],
        [{ name: '   ', organisationId: provider.id, role: 'VIEWER' }, 'BAD_USER_INPUT', 'input.name'],
      ];
      for (const [input, code, field] of cases) {
        const result = await t.gql(CREATE_KEY, { input }, admin);
        expect(result.data).toBeNull();
        expect(result.errors?.[0].extensions).toMatchObject({ code, field });
      }
      expect(
        (
          await t.gql(
            CREATE_KEY,
            { input: { name: 'mine', organisationId: provider.id, role: 'VIEWER' } },
            responder,
          )
        ).errors?.[0].extensions?.code,
      ).toBe('FORBIDDEN');
      expect((await t.gql(API_KEYS, {}, responder)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await databaseDigest(t.dataSource)).toEqual(before);
    });
  });

  describe('accounts', () => {
    it('lists every account for the access review with role, last activity and second factor', async () => {
      const org = await f.organisation();
      const active = await f.user(org, PlatformRole.COORDINATOR);
      const idle = await f.user(org, PlatformRole.VIEWER);
      await t.login(active.email, PASSWORD);
      const review = (await t.gqlOk(REVIEW, { filter: { organisationIds: [org.id] } }, admin)).accountReview;
      expect(review).toHaveLength(2);
      const byId = Object.fromEntries(review.map((entry: any) => [entry.id, entry]));
      expect(byId[active.id]).toMatchObject({
        kind: 'USER',
        email: active.email,
        role: 'COORDINATOR',
        active: true,
        lastActiveAt: expect.any(String),
        secondFactor: false,
        secondFactorMissing: false,
        organisation: { id: org.id, nameJa: org.nameJa },
      });
      expect(byId[idle.id]).toMatchObject({ kind: 'USER', role: 'VIEWER', lastActiveAt: null });

      const everything = (await t.gqlOk(REVIEW, {}, admin)).accountReview;
      expect(everything.map((entry: any) => entry.id)).toEqual(
        expect.arrayContaining([adminId, active.id, idle.id]),
      );
      const coordinator = await t.login(active.email, PASSWORD);
      expect(
        (await t.gqlOk(REVIEW, { filter: { organisationIds: [org.id] } }, coordinator)).accountReview,
      ).toHaveLength(2);
      const responder = await t.login((await user(PlatformRole.RESPONDER)).email, PASSWORD);
      expect((await t.gql(REVIEW, {}, responder)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('creates users who can then log in', async () => {
      const email = `new-${randomBytes(3).toString('hex')}@example.jp`;
      const { createUser } = await t.gqlOk(
        CREATE_USER,
        {
          input: {
            email: email.toUpperCase(),
            displayName: ' 新規 ユーザー ',
            organisationId: provider.id,
            role: 'STAKEHOLDER',
            password: 'twelve-chars-ok',
          },
        },
        admin,
      );
      expect(createUser).toMatchObject({
        email,
        role: 'STAKEHOLDER',
        organisationId: provider.id,
        displayName: '新規 ユーザー',
      });
      const session = await login({ email, password: 'twelve-chars-ok' });
      expect(session.data.login.user.id).toBe(createUser.id);
    });

    it('refuses bad user input with the field named, and changes nothing', async () => {
      const existing = await user(PlatformRole.VIEWER);
      const good = {
        displayName: 'x',
        organisationId: provider.id,
        role: 'VIEWER',
        password: 'long-enough-password',
      };
      const before = await databaseDigest(t.dataSource);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ ...good, email: 'short@example.jp', password: 'short' }, 'BAD_USER_INPUT', 'input.password'],
        [{ ...good, email: existing.email }, 'CONFLICT', 'input.email'],
        [{ ...good, email: existing.email.toUpperCase() }, 'CONFLICT', 'input.email'],
        [
          { ...good, email: 'orphan@example.jp', organisationId: '00000000-0000-4000-8000-000000000000' },
          'BAD_USER_INPUT',
          'input.organisationId',
        ],
        [{ ...good, email: 'not-an-email' }, 'BAD_USER_INPUT', 'input.email'],
        [{ ...good, email: 'blank@example.jp', displayName: '  ' }, 'BAD_USER_INPUT', 'input.displayName'],
      ];
      for (const [input, code, field] of cases) {
        const result = await t.gql(CREATE_USER, { input }, admin);
        expect(result.data).toBeNull();
        expect(result.errors?.[0].extensions).toMatchObject({ code, field });
      }
      const updates: [string, Record<string, unknown>, string][] = [
        [existing.id, { organisationId: '00000000-0000-4000-8000-000000000000' }, 'input.organisationId'],
        [adminId, { role: 'VIEWER' }, 'input.role'],
        [adminId, { disabled: true }, 'input.disabled'],
        // null is not a value for a field that cannot be empty (it used to be an internal error).
        [existing.id, { role: null }, 'input.role'],
        [existing.id, { disabled: null }, 'input.disabled'],
        [existing.id, { displayName: null }, 'input.displayName'],
        [existing.id, { organisationId: null }, 'input.organisationId'],
      ];
      for (const [id, input, field] of updates) {
        const result = await t.gql(UPDATE_USER, { id, input }, admin);
        expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      const missing = await t.gql(
        UPDATE_USER,
        { id: '00000000-0000-4000-8000-000000000000', input: { role: 'VIEWER' } },
        admin,
      );
      expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(await databaseDigest(t.dataSource)).toEqual(before);
    });

    it('refuses user management to non-administrators and changes nothing', async () => {
      const target = await user(PlatformRole.VIEWER);
      const tokens: string[] = [];
      for (const role of [PlatformRole.COORDINATOR, PlatformRole.RESPONDER, PlatformRole.STAKEHOLDER]) {
        tokens.push(await t.login((await user(role)).email, PASSWORD));
      }
      const before = await databaseDigest(t.dataSource);
      for (const token of tokens) {
        const created = await t.gql(
          CREATE_USER,
          {
            input: {
              email: 'sneaky@example.jp',
              displayName: 'x',
              organisationId: provider.id,
              role: 'ADMIN',
              password: 'long-enough-password',
            },
          },
          token,
        );
        expect(created.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect(created.data).toBeNull();
        const updated = await t.gql(UPDATE_USER, { id: target.id, input: { role: 'ADMIN' } }, token);
        expect(updated.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        const reset = await t.gql(
          `mutation($id: ID!) { resetUserTotp(id: $id) { id } }`,
          { id: target.id },
          token,
        );
        expect(reset.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      const anonymous = await t.gql(CREATE_USER, {
        input: {
          email: 'anon@example.jp',
          displayName: 'x',
          organisationId: provider.id,
          role: 'ADMIN',
          password: 'long-enough-password',
        },
      });
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(await databaseDigest(t.dataSource)).toEqual(before);
    });

    it('ends the sessions of a disabled user and refuses their next login', async () => {
      const account = await user(PlatformRole.RESPONDER);
      const session = (await login({ email: account.email, password: PASSWORD })).data.login;
      const { updateUser } = await t.gqlOk(UPDATE_USER, { id: account.id, input: { disabled: true } }, admin);
      expect(updateUser.disabled).toBe(true);
      expect((await t.gql(REFRESH, { token: session.refreshToken })).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
      const refused = await login({ email: account.email, password: PASSWORD });
      expect(refused.errors?.[0]).toMatchObject({
        message: 'Invalid email or password',
        extensions: { code: 'UNAUTHENTICATED' },
      });
      await t.gqlOk(UPDATE_USER, { id: account.id, input: { disabled: false } }, admin);
      expect((await login({ email: account.email, password: PASSWORD })).errors).toBeUndefined();
    });
  });
});
