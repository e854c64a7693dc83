import { AssessmentStatus, CHECK_SHEET_CATEGORIES, CheckSheetCategory } from './guideline.enums';

export interface CoverageItem {
  category: CheckSheetCategory;
  /** Whether the item applies to the organisation by its roles (applicability.ts). */
  applicable: boolean;
  /** NOT_STARTED when nothing was recorded. */
  status: AssessmentStatus;
}

export interface CoverageCounts {
  /** Items in the sheet. */
  items: number;
  /** Items that apply to the organisation by its roles. */
  applicable: number;
  notStarted: number;
  planned: number;
  implemented: number;
  /** Applicable items the organisation declared not applicable (with a reason). */
  notApplicable: number;
  /** applicable − notApplicable: what the percentage is taken of. */
  denominator: number;
  /** implemented / denominator × 100, one decimal; null when nothing is in scope. */
  percentImplemented: number | null;
}

export interface CategoryCoverage extends CoverageCounts {
  category: CheckSheetCategory;
}

function emptyCounts(): CoverageCounts {
  return {
    items: 0,
    applicable: 0,
    notStarted: 0,
    planned: 0,
    implemented: 0,
    notApplicable: 0,
    denominator: 0,
    percentImplemented: null,
  };
}

const STATUS_FIELD: Record<AssessmentStatus, 'notStarted' | 'planned' | 'implemented' | 'notApplicable'> = {
  [AssessmentStatus.NOT_STARTED]: 'notStarted',
  [AssessmentStatus.PLANNED]: 'planned',
  [AssessmentStatus.IMPLEMENTED]: 'implemented',
  [AssessmentStatus.NOT_APPLICABLE]: 'notApplicable',
};

function add(counts: CoverageCounts, item: CoverageItem): void {
  counts.items += 1;
  if (!item.applicable) return;
  counts.applicable += 1;
  counts[STATUS_FIELD[item.status]] += 1;
}

function finish(counts: CoverageCounts): CoverageCounts {
  counts.denominator = counts.applicable - counts.notApplicable;
  counts.percentImplemented =
    counts.denominator > 0 ? Math.round((counts.implemented / counts.denominator) * 1000) / 10 : null;
  return counts;
}

/**
 * Coverage of one organisation's self-assessment per category (every category of the sheet, in
 * order) and in total. Items that do not apply by role are counted in `items` only; items declared
 * NOT_APPLICABLE are left out of the denominator.
 */
export function computeCoverage(items: readonly CoverageItem[]): {
  categories: CategoryCoverage[];
  total: CoverageCounts;
} {
  const byCategory = new Map(CHECK_SHEET_CATEGORIES.map((category) => [category, emptyCounts()]));
  const total = emptyCounts();
  for (const item of items) {
    add(byCategory.get(item.category)!, item);
    add(total, item);
  }
  return {
    categories: CHECK_SHEET_CATEGORIES.map((category) => ({
      category,
      ...finish(byCategory.get(category)!),
    })),
    total: finish(total),
  };
}

/** Adds up organisations' counts (the city-wide roll-up); the percentage is recomputed, not averaged. */
export function sumCoverage(parts: readonly CoverageCounts[]): CoverageCounts {
  const sum = emptyCounts();
  for (const part of parts) {
    sum.items += part.items;
    sum.applicable += part.applicable;
    sum.notStarted += part.notStarted;
    sum.planned += part.planned;
    sum.implemented += part.implemented;
    sum.notApplicable += part.notApplicable;
  }
  return finish(sum);
}
