import { ExerciseStatus } from './exercises.enums';

/** The clock state of an exercise, as stored on its row. */
export interface ClockState {
  status: ExerciseStatus;
  speed: number;
  /** Exercise milliseconds elapsed when the current running segment began. */
  elapsedMs: number;
  /** Wall time the current running segment began (null unless RUNNING). */
  segmentStartedAt: Date | null;
}

/** Exercise milliseconds elapsed at wall time `now`. */
export function elapsedAt(clock: ClockState, now: Date): number {
  if (clock.status !== ExerciseStatus.RUNNING || !clock.segmentStartedAt) return clock.elapsedMs;
  const wall = Math.max(0, now.getTime() - clock.segmentStartedAt.getTime());
  return clock.elapsedMs + wall * clock.speed;
}

/** The wall time at which the clock reads `offsetSeconds` (null unless RUNNING). */
export function wallTimeOf(clock: ClockState, offsetSeconds: number): Date | null {
  if (clock.status !== ExerciseStatus.RUNNING || !clock.segmentStartedAt) return null;
  const ahead = Math.max(0, offsetSeconds * 1000 - clock.elapsedMs) / clock.speed;
  return new Date(clock.segmentStartedAt.getTime() + Math.round(ahead));
}

/** The clock after a pause at `now`: the elapsed time is banked. */
export function paused(clock: ClockState, now: Date): ClockState {
  return {
    status: ExerciseStatus.PAUSED,
    speed: clock.speed,
    elapsedMs: Math.round(elapsedAt(clock, now)),
    segmentStartedAt: null,
  };
}

/** The clock running from `now`, from `elapsedMs` (a start, a resume, or a jump). */
export function running(clock: ClockState, now: Date, elapsedMs = clock.elapsedMs): ClockState {
  return { status: ExerciseStatus.RUNNING, speed: clock.speed, elapsedMs, segmentStartedAt: now };
}

/** Exercise seconds as HH:MM:SS (T+ in the board and the report). */
export function formatExerciseTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `T+${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}

/**
 * Scales an escalation policy's timings to the exercise's speed: an exercise run 10× faster chases
 * 10× sooner (never sooner than one second).
 */
export function scaleSeconds(seconds: number | null, speed: number): number | null {
  if (seconds === null) return null;
  return Math.max(1, Math.round(seconds / speed));
}
