import { ActionRating, ObjectiveRating } from './exercises.enums';

/** What one rated expected action is worth towards its objective. */
export const ACTION_CREDIT: Record<ActionRating, number> = {
  [ActionRating.MET]: 1,
  [ActionRating.PARTIALLY_MET]: 0.5,
  [ActionRating.MISSED]: 0,
};

/**
 * Score thresholds of the computed objective rating. HSEEP defines the letters (P performed without
 * challenges, S with some challenges, M with major challenges, U unable to be performed) and leaves
 * the judgement to evaluators; these cut-offs are Renkei's, so that a rating can be proposed from the
 * evaluators' action ratings before anyone rates the objective itself:
 *
 * - P when the score is at least 0.9;
 * - S when it is at least 0.6;
 * - M when it is at least 0.3, or when any action was at least partially met (something was done);
 * - U otherwise: every rated action was missed — or no action was rated at all (score null).
 */
export const OBJECTIVE_THRESHOLDS = { P: 0.9, S: 0.6, M: 0.3 } as const;

/** Scores within this distance of a threshold count as reaching it (0.1 × 9 is not quite 0.9). */
const EPSILON = 1e-9;

export interface RatedAction {
  weight: number;
  /** null: not rated yet (left out of the score). */
  rating: ActionRating | null;
}

export interface ObjectiveScore {
  /** Weighted share of the rated actions met, 0..1 (partially met counts half); null: none rated. */
  score: number | null;
  rating: ObjectiveRating;
  /** How many of the actions were rated. */
  rated: number;
}

/**
 * The weighted share of an objective's expected actions met. Unrated actions are left out; a
 * negative or non-finite weight counts as zero, and when every rated action weighs zero they count
 * equally (a scenario that gives no weights still gets a score).
 */
export function objectiveScore(actions: readonly RatedAction[]): number | null {
  const rated = actions.filter(
    (action): action is { weight: number; rating: ActionRating } => action.rating !== null,
  );
  if (rated.length === 0) return null;
  const weightOf = (weight: number): number => (Number.isFinite(weight) && weight > 0 ? weight : 0);
  const total = rated.reduce((sum, action) => sum + weightOf(action.weight), 0);
  if (total === 0) {
    return rated.reduce((sum, action) => sum + ACTION_CREDIT[action.rating], 0) / rated.length;
  }
  return (
    rated.reduce((sum, action) => sum + weightOf(action.weight) * ACTION_CREDIT[action.rating], 0) / total
  );
}

/** The HSEEP letter for a score (see {@link OBJECTIVE_THRESHOLDS}). */
export function ratingForScore(score: number | null, anyActionAtLeastPartiallyMet: boolean): ObjectiveRating {
  if (score === null) return ObjectiveRating.U;
  if (score >= OBJECTIVE_THRESHOLDS.P - EPSILON) return ObjectiveRating.P;
  if (score >= OBJECTIVE_THRESHOLDS.S - EPSILON) return ObjectiveRating.S;
  if (score >= OBJECTIVE_THRESHOLDS.M - EPSILON || anyActionAtLeastPartiallyMet) return ObjectiveRating.M;
  return ObjectiveRating.U;
}

/** Score and computed rating of one objective from its expected actions' ratings. */
export function scoreObjective(actions: readonly RatedAction[]): ObjectiveScore {
  const score = objectiveScore(actions);
  const anyMet = actions.some(
    (action) => action.rating === ActionRating.MET || action.rating === ActionRating.PARTIALLY_MET,
  );
  return {
    score,
    rating: ratingForScore(score, anyMet),
    rated: actions.filter((action) => action.rating !== null).length,
  };
}

/**
 * The p-th percentile (0..100) of the values, interpolating linearly between the two nearest ranks
 * (the method of numpy's default and of spreadsheet PERCENTILE.INC), so that the 50th is the usual
 * median. Non-finite values are ignored; null when none is left.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!Number.isFinite(p) || p < 0 || p > 100)
    throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
}

/** The median (the mean of the two middle values for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

/** The largest finite value; null for none. */
export function maximum(values: readonly number[]): number | null {
  let largest: number | null = null;
  for (const value of values)
    if (Number.isFinite(value) && (largest === null || value > largest)) largest = value;
  return largest;
}

/** Rounds to one decimal place (times to acknowledge are shown to a tenth of a second). */
export function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
