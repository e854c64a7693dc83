import { seedDemoCity } from '@renkei/demo/demo-city';
import { nextThursdayAfternoon } from '@renkei/demo/demo-exercises';
import { TestApp, startTestApp } from '../support/test-app';

/** The demo city's next tabletop exercise: planned from the example library, starting by itself. */
describe('demo city: a scheduled tabletop exercise', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoCity(t.dataSource, { passwordHash: async () => 'not-a-real-hash' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('plans §3.3.3 for next Thursday 14:00 in Tokyo with five playing organisations and its start job', async () => {
    const [exercise] = await t.dataSource.query(
      `SELECT e.id, e.status, e.speed, e.scheduled_at, s.key, e.scenario_version_number
         FROM exercise e JOIN exercise_scenario s ON s.id = e.scenario_id`,
    );
    expect(exercise).toMatchObject({
      status: 'SCHEDULED',
      speed: 1,
      key: 'SCN-3.3.3-1',
      scenario_version_number: 1,
    });
    const at = new Date(exercise.scheduled_at);
    const tokyo = new Date(at.getTime() + 9 * 3600_000);
    expect([tokyo.getUTCDay(), tokyo.getUTCHours(), tokyo.getUTCMinutes()]).toEqual([4, 14, 0]);
    expect(at.getTime()).toBeGreaterThan(Date.now());
    const roles = await t.dataSource.query(
      `SELECT role, count(*)::int AS n FROM exercise_participant WHERE exercise_id = $1 GROUP BY role ORDER BY role`,
      [exercise.id],
    );
    expect(roles).toEqual([
      { role: 'FACILITATOR', n: 1 },
      { role: 'OBSERVER', n: 1 },
      { role: 'PLAYER', n: 5 },
    ]);
    const [{ injects }] = await t.dataSource.query(
      `SELECT count(*)::int AS injects FROM exercise_inject WHERE exercise_id = $1 AND state = 'PENDING'`,
      [exercise.id],
    );
    expect(injects).toBe(6);
    const jobs = await t.dataSource.query(
      `SELECT job_id, available_at FROM outbox_message WHERE topic = 'exercise-clock/start'`,
    );
    expect(jobs).toEqual([{ job_id: `start_${exercise.id}_${at.getTime()}`, available_at: at }]);
  });

  it('finds the next Thursday afternoon at least a day ahead', () => {
    // Wednesday 2026-12-02 02:00 UTC (11:00 JST) → Thursday 2026-12-03 05:00 UTC (14:00 JST).
    expect(nextThursdayAfternoon(new Date('2026-12-02T02:00:00Z')).toISOString()).toBe(
      '2026-12-03T05:00:00.000Z',
    );
    // Wednesday 10:00 UTC is less than a day before Thursday 05:00: the week after.
    expect(nextThursdayAfternoon(new Date('2026-12-02T10:00:00Z')).toISOString()).toBe(
      '2026-12-10T05:00:00.000Z',
    );
  });
});
