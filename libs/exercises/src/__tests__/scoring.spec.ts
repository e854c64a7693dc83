import { ActionRating, ObjectiveRating } from '../exercises.enums';
import {
  maximum,
  median,
  objectiveScore,
  percentile,
  ratingForScore,
  roundToTenth,
  scoreObjective,
} from '../scoring';

const { MET, PARTIALLY_MET, MISSED } = ActionRating;

describe('objective scoring', () => {
  it('weights the rated actions, half credit for partially met, unrated left out', () => {
    const actions = [
      { weight: 3, rating: MET },
      { weight: 1, rating: PARTIALLY_MET },
      { weight: 2, rating: MISSED },
      { weight: 10, rating: null },
    ];
    // (3 × 1 + 1 × 0.5 + 2 × 0) / 6
    expect(objectiveScore(actions)).toBeCloseTo(3.5 / 6, 10);
    expect(scoreObjective(actions)).toEqual({ score: 3.5 / 6, rating: ObjectiveRating.M, rated: 3 });
  });

  it('has no score and rates U when nothing was rated', () => {
    expect(scoreObjective([])).toEqual({ score: null, rating: ObjectiveRating.U, rated: 0 });
    expect(scoreObjective([{ weight: 1, rating: null }])).toEqual({
      score: null,
      rating: ObjectiveRating.U,
      rated: 0,
    });
  });

  it('counts actions equally when every rated one weighs zero', () => {
    expect(
      objectiveScore([
        { weight: 0, rating: MET },
        { weight: 0, rating: MISSED },
      ]),
    ).toBe(0.5);
    // A negative weight counts as zero, not as a penalty.
    expect(
      objectiveScore([
        { weight: 2, rating: MET },
        { weight: -5, rating: MISSED },
      ]),
    ).toBe(1);
  });

  it.each([
    [[MET, MET, MET, MET, MET, MET, MET, MET, MET, MISSED], ObjectiveRating.P], // 0.9 exactly (0.1 × 9)
    [[MET, MET, MET, MET, MET, MET, MET, MET, MISSED, MISSED], ObjectiveRating.S], // 0.8
    [[MET, MET, MET, PARTIALLY_MET, MISSED], ObjectiveRating.S], // 0.7
    [[MET, MISSED, MISSED], ObjectiveRating.M], // 0.333
    [[PARTIALLY_MET, MISSED, MISSED, MISSED, MISSED, MISSED], ObjectiveRating.M], // 0.083, but something was done
    [[MISSED, MISSED], ObjectiveRating.U],
  ])('rates %j as %s', (ratings, expected) => {
    expect(scoreObjective(ratings.map((rating) => ({ weight: 1, rating }))).rating).toBe(expected);
  });

  it('applies the thresholds at their edges', () => {
    expect(ratingForScore(0.9, true)).toBe(ObjectiveRating.P);
    expect(ratingForScore(0.89, true)).toBe(ObjectiveRating.S);
    expect(ratingForScore(0.6, true)).toBe(ObjectiveRating.S);
    expect(ratingForScore(0.59, true)).toBe(ObjectiveRating.M);
    expect(ratingForScore(0.3, false)).toBe(ObjectiveRating.M);
    expect(ratingForScore(0.29, false)).toBe(ObjectiveRating.U);
    expect(ratingForScore(0.29, true)).toBe(ObjectiveRating.M);
    expect(ratingForScore(null, false)).toBe(ObjectiveRating.U);
  });
});

describe('percentiles', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });

  it('interpolates between ranks and ignores non-finite values', () => {
    const values = Array.from({ length: 101 }, (_, index) => index); // 0..100
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([10, 20], 99)).toBeCloseTo(19.9, 10);
    expect(percentile([10, 20, Number.NaN, Number.POSITIVE_INFINITY], 0)).toBe(10);
    expect(percentile([10, 20], 100)).toBe(20);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('finds the maximum and rounds to a tenth', () => {
    expect(maximum([3, 9, 1])).toBe(9);
    expect(maximum([])).toBeNull();
    expect(roundToTenth(95.349)).toBe(95.3);
    expect(roundToTenth(95.36)).toBe(95.4);
  });
});
