import { elapsedAt, formatExerciseTime, paused, running, scaleSeconds, wallTimeOf } from '../exercise-clock';
import { ExerciseStatus } from '../exercises.enums';

const t = (ms: number) => new Date(Date.UTC(2026, 11, 3, 5, 0, 0) + ms);

describe('exercise clock', () => {
  const scheduled = { status: ExerciseStatus.SCHEDULED, speed: 10, elapsedMs: 0, segmentStartedAt: null };

  it('stands still until started, then runs at its speed', () => {
    expect(elapsedAt(scheduled, t(60_000))).toBe(0);
    const clock = running(scheduled, t(0));
    expect(elapsedAt(clock, t(6_000))).toBe(60_000);
    expect(wallTimeOf(clock, 120)).toEqual(t(12_000));
  });

  it('banks the elapsed time on pause and resumes from it', () => {
    const clock = running(scheduled, t(0));
    const held = paused(clock, t(3_000));
    expect(held.elapsedMs).toBe(30_000);
    expect(elapsedAt(held, t(100_000))).toBe(30_000);
    expect(wallTimeOf(held, 60)).toBeNull();
    const resumed = running(held, t(100_000));
    expect(elapsedAt(resumed, t(101_000))).toBe(40_000);
    // An inject at T+60s is due 3 s (30 exercise seconds) after the resume.
    expect(wallTimeOf(resumed, 60)).toEqual(t(103_000));
  });

  it('jumps: an inject already passed is due at once', () => {
    const jumped = running(scheduled, t(0), 600_000);
    expect(wallTimeOf(jumped, 300)).toEqual(t(0));
    expect(wallTimeOf(jumped, 660)).toEqual(t(6_000));
  });

  it('formats exercise time and scales policy timings', () => {
    expect(formatExerciseTime(3_725)).toBe('T+01:02:05');
    expect(scaleSeconds(600, 10)).toBe(60);
    expect(scaleSeconds(5, 10)).toBe(1);
    expect(scaleSeconds(null, 10)).toBeNull();
  });
});
