import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { PlatformRole } from '@renkei/core/context/actor';
import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { Fixtures, PASSWORD } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * The facilitator board (GET /exercises/:id/board) in headless Chromium against the real API, with
 * the worker in-process so the clock's jobs fire injects and the alerting engine alerts the players
 * (mail goes to the built-in mail catcher). Every wait is for something the page shows.
 */

/**
 * The page's `document`, as the functions handed to page.waitForFunction use it (they run in the
 * browser; the project compiles without the DOM library).
 */
declare const document: {
  getElementById(id: string): { textContent: string | null } | null;
  querySelector(selector: string): { textContent: string | null } | null;
};

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WAIT = { timeout: 20_000 };

const CREATE_SCENARIO = `mutation($content: ScenarioContentInput!) { createExerciseScenario(content: $content) { id } }`;
const CREATE_EXERCISE = `mutation($input: CreateExerciseInput!) { createExercise(input: $input) { id status injects { id key } } }`;
const ACKNOWLEDGE = `mutation($injectId: ID!) { acknowledgeExerciseInject(injectId: $injectId, note: "on it") { acknowledged } }`;

/**
 * Seconds shown by the board's clock (T+HH:MM:SS) at least `min` (exactly `exact` when given). A
 * function, not a string: the page's CSP allows no eval.
 */
function clockReads({ min, exact }: { min?: number; exact?: number }): boolean {
  const shown = /^T\+(\d+):(\d+):(\d+)$/.exec(document.getElementById('clock')?.textContent?.trim() ?? '');
  if (!shown) return false;
  const seconds = Number(shown[1]) * 3600 + Number(shown[2]) * 60 + Number(shown[3]);
  return exact !== undefined ? seconds === exact : seconds >= (min ?? 0);
}

describe('the facilitator board in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const tokens: Record<'coordinator' | 'playerA' | 'playerB' | 'outsider', string> = {} as never;
  let orgA: { id: string; nameJa: string };
  let orgB: { id: string; nameJa: string };
  let exerciseId: string;
  let firstInjectId: string;

  /** A fresh page (own cookies and sessionStorage) on the board with `token` in the fragment. */
  async function openBoard(token: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    (page as unknown as { scriptErrors: string[] }).scriptErrors = errors;
    await page.goto(`${t.url}/exercises/${exerciseId}/board#token=${encodeURIComponent(token)}`);
    return page;
  }

  const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

  beforeAll(async () => {
    t = await startTestApp({ modules: [WorkerModule], env: { OUTBOX_POLL_MS: '100' } });
    const f = new Fixtures(t.dataSource);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    orgA = await f.organisation({ nameJa: '水道局', guidelineRoles: [GuidelineRole.SERVICE_PROVIDER] });
    orgB = await f.organisation({ nameJa: '交通データ社', guidelineRoles: [GuidelineRole.CITY_OS_VENDOR] });
    const outsiderOrg = await f.organisation();
    for (const org of [orgA, orgB, outsiderOrg]) await f.contact(org as never, ContactKind.INCIDENT_WINDOW);
    tokens.coordinator = await t.login((await f.user(city, PlatformRole.COORDINATOR)).email, PASSWORD);
    tokens.playerA = await t.login((await f.user(orgA as never, PlatformRole.RESPONDER)).email, PASSWORD);
    tokens.playerB = await t.login((await f.user(orgB as never, PlatformRole.RESPONDER)).email, PASSWORD);
    tokens.outsider = await t.login((await f.user(outsiderOrg, PlatformRole.RESPONDER)).email, PASSWORD);

    const audience = { organisationIds: [orgA.id, orgB.id] };
    const inject = (key: string, offsetSeconds: number, title: string) => ({
      key,
      offsetSeconds,
      titleJa: `${title}（訓練）`,
      titleEn: title,
      textJa: `${title}の状況付与`,
      textEn: `${title} — situation`,
      audience,
      acknowledgementRequired: true,
    });
    const { createExerciseScenario } = await t.gqlOk(
      CREATE_SCENARIO,
      {
        content: {
          titleJa: 'ランサムウェア机上訓練',
          titleEn: 'Ransomware tabletop',
          // At 60× the first inject is due 0.5 s after the start, the others long after the test.
          injects: [
            inject('INJ-1', 30, 'Encrypted file server'),
            inject('INJ-2', 3600, 'Ransom note'),
            inject('INJ-3', 7200, 'Press inquiry'),
          ],
        },
      },
      tokens.coordinator,
    );
    const { createExercise } = await t.gqlOk(
      CREATE_EXERCISE,
      {
        input: {
          scenarioId: createExerciseScenario.id,
          title: '令和7年度 連携訓練',
          speed: 60,
          participants: [
            { organisationId: city.id, role: 'FACILITATOR' },
            { organisationId: orgA.id, role: 'PLAYER' },
            { organisationId: orgB.id, role: 'PLAYER' },
          ],
        },
      },
      tokens.coordinator,
    );
    exerciseId = createExercise.id;
    firstInjectId = createExercise.injects.find((i: { key: string }) => i.key === 'INJ-1').id;

    // launch() gives Chromium a fresh --user-data-dir of its own (a temporary profile, removed on
    // close; it refuses one in `args`), so nothing of a developer's profile leaks in.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('follows the run live: start, clock, inject sent, matrix, acknowledgement, pause', async () => {
    const page = await openBoard(tokens.coordinator);
    await page.waitForFunction(
      () => document.getElementById('status')?.textContent === 'SCHEDULED',
      null,
      WAIT,
    );
    expect(await text(page, '#title')).toBe('令和7年度 連携訓練');
    expect(await page.locator('#clock').innerText()).toBe('T+00:00:00');
    // The token left the address bar once read.
    expect(new URL(page.url()).hash).toBe('');
    // Every planned inject is on the facilitator's board, pending.
    expect(await page.locator('#injects tbody tr').count()).toBe(3);
    expect(await text(page, '#injects tr[data-inject="INJ-1"] .state')).toBe('PENDING');
    // The playing organisations are the matrix's rows (the facilitating city is not).
    expect(await page.locator('#matrix tbody tr').count()).toBe(2);
    expect(await text(page, `#matrix tr[data-organisation="${orgA.id}"]`)).toContain('水道局');
    expect(await text(page, `#matrix tr[data-organisation="${orgB.id}"]`)).toContain('交通データ社');

    await t.gqlOk(
      `mutation($id: ID!) { startExercise(id: $id) { status } }`,
      { id: exerciseId },
      tokens.coordinator,
    );
    await page.waitForFunction(
      () => document.getElementById('status')?.textContent === 'RUNNING',
      null,
      WAIT,
    );
    expect(await page.locator('#status').getAttribute('data-status')).toBe('RUNNING');
    // At 60× a minute of exercise time passes in a second of ours.
    await page.waitForFunction(clockReads, { min: 60 }, WAIT);

    await page.waitForFunction(
      () => document.querySelector('#injects tr[data-inject="INJ-1"] .state')?.textContent === 'SENT',
      null,
      WAIT,
    );
    expect(await text(page, '#injects tr[data-inject="INJ-2"] .state')).toBe('PENDING');
    expect(await page.locator('#matrix thead th').allInnerTexts()).toEqual(['Organisation', '#1']);
    // Both players are alerted through the real chain (the cell leaves "…" once an alert exists).
    for (const org of [orgA, orgB]) {
      await page.waitForFunction(
        (id) =>
          /alerted|received/.test(
            document.querySelector(`#matrix tr[data-organisation="${id}"] td.cell`)?.textContent ?? '',
          ),
        org.id,
        WAIT,
      );
    }
    expect(await text(page, '#log')).toContain('Inject 1 (Encrypted file server) sent to 2 organisation(s)');

    const { acknowledgeExerciseInject } = await t.gqlOk(
      ACKNOWLEDGE,
      { injectId: firstInjectId },
      tokens.playerA,
    );
    expect(acknowledgeExerciseInject.acknowledged).toBe(true);
    await page.waitForFunction(
      (id) =>
        (
          document.querySelector(`#matrix tr[data-organisation="${id}"] td.cell`)?.textContent ?? ''
        ).startsWith('✓'),
      orgA.id,
      WAIT,
    );
    expect(
      await page.locator(`#matrix tr[data-organisation="${orgA.id}"] td.cell`).getAttribute('class'),
    ).toContain('ack');
    // B has not acknowledged.
    expect(await text(page, `#matrix tr[data-organisation="${orgB.id}"] td.cell`)).not.toContain('✓');

    await t.gqlOk(
      `mutation($id: ID!) { pauseExercise(id: $id) { status } }`,
      { id: exerciseId },
      tokens.coordinator,
    );
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'PAUSED', null, WAIT);
    // A paused clock stands still: it shows what the server says.
    const { exercise } = await t.gqlOk(
      `query($id: ID!) { exercise(id: $id) { clockSeconds } }`,
      { id: exerciseId },
      tokens.coordinator,
    );
    await page.waitForFunction(clockReads, { exact: Math.floor(exercise.clockSeconds) }, WAIT);

    // BOARD_SCREENSHOT=/path.png keeps the picture (to look at the board); otherwise it is removed.
    const screenshot =
      process.env.BOARD_SCREENSHOT ?? join(tmpdir(), `renkei-exercise-board-${process.pid}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    if (!process.env.BOARD_SCREENSHOT) rmSync(screenshot, { force: true });
    expect((page as unknown as { scriptErrors: string[] }).scriptErrors).toEqual([]);
  });

  it("shows a player its own organisation's side only", async () => {
    const page = await openBoard(tokens.playerB);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'PAUSED', null, WAIT);
    // The injects sent to B (the first), not the planned ones.
    expect(await page.locator('#injects tbody tr').count()).toBe(1);
    expect(await text(page, '#injects tr[data-inject="INJ-1"] .state')).toBe('SENT');
    // One row, its own; A's acknowledgement is not on B's board.
    await page.locator(`#matrix tr[data-organisation="${orgB.id}"]`).waitFor(WAIT);
    expect(await page.locator('#matrix tbody tr').count()).toBe(1);
    expect(await page.locator(`#matrix tr[data-organisation="${orgA.id}"]`).count()).toBe(0);
    expect(await page.locator('#matrix').innerText()).not.toContain('✓');
    expect(await page.locator('#matrix').innerText()).not.toContain('水道局');

    // Its own acknowledgement appears live.
    await t.gqlOk(ACKNOWLEDGE, { injectId: firstInjectId }, tokens.playerB);
    await page.waitForFunction(
      (id) =>
        (
          document.querySelector(`#matrix tr[data-organisation="${id}"] td.cell`)?.textContent ?? ''
        ).startsWith('✓'),
      orgB.id,
      WAIT,
    );
    expect(await page.locator('#matrix tbody tr').count()).toBe(1);
    expect((page as unknown as { scriptErrors: string[] }).scriptErrors).toEqual([]);
  });

  it('tells an organisation outside the exercise that there is nothing to see', async () => {
    const page = await openBoard(tokens.outsider);
    await page.waitForFunction(
      () => (document.getElementById('error')?.textContent ?? '') !== '',
      null,
      WAIT,
    );
    expect(await text(page, '#error')).toContain('NOT_FOUND');
    expect(await text(page, '#title')).toBe('…');
    expect(await page.locator('#injects tbody tr').count()).toBe(0);
    expect(await page.locator('#matrix tbody tr').count()).toBe(0);
  });

  it('says so when the token is not valid', async () => {
    const page = await openBoard(`${tokens.coordinator.slice(0, -4)}AAAA`);
    await page.waitForFunction(
      () => /Authentication required/.test(document.getElementById('error')?.textContent ?? ''),
      null,
      WAIT,
    );
    expect(await text(page, '#title')).toBe('…');
  });

  it('asks for a token when the address has none', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.url}/exercises/${exerciseId}/board`);
    await page.waitForFunction(
      () => (document.getElementById('error')?.textContent ?? '') !== '',
      null,
      WAIT,
    );
    expect(await text(page, '#error')).toContain('No token');
  });
});
