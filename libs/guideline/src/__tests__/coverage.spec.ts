import { CoverageItem, computeCoverage, sumCoverage } from '../coverage';
import { AssessmentStatus as S, CheckSheetCategory as C } from '../guideline.enums';

const item = (category: C, status: S, applicable = true): CoverageItem => ({ category, status, applicable });

describe('self-assessment coverage', () => {
  it('counts statuses per category and leaves N/A out of the denominator', () => {
    const { categories, total } = computeCoverage([
      item(C.SERVICE, S.IMPLEMENTED),
      item(C.SERVICE, S.IMPLEMENTED),
      item(C.SERVICE, S.PLANNED),
      item(C.SERVICE, S.NOT_APPLICABLE),
      item(C.SERVICE, S.NOT_STARTED),
    ]);
    const service = categories.find((c) => c.category === C.SERVICE)!;
    expect(service).toEqual({
      category: C.SERVICE,
      items: 5,
      applicable: 5,
      notStarted: 1,
      planned: 1,
      implemented: 2,
      notApplicable: 1,
      denominator: 4,
      percentImplemented: 50,
    });
    expect(total.percentImplemented).toBe(50);
  });

  it('counts items that do not apply by role only as items', () => {
    const { categories, total } = computeCoverage([
      item(C.GOVERNANCE, S.IMPLEMENTED, false),
      item(C.GOVERNANCE, S.NOT_STARTED, false),
      item(C.INCIDENT_RESPONSE, S.IMPLEMENTED),
      item(C.INCIDENT_RESPONSE, S.NOT_STARTED),
      item(C.INCIDENT_RESPONSE, S.NOT_STARTED),
    ]);
    const governance = categories.find((c) => c.category === C.GOVERNANCE)!;
    expect(governance).toMatchObject({ items: 2, applicable: 0, implemented: 0, denominator: 0 });
    expect(governance.percentImplemented).toBeNull();
    expect(total).toMatchObject({ items: 5, applicable: 3, implemented: 1, denominator: 3 });
    expect(total.percentImplemented).toBe(33.3);
  });

  it('lists every category of the sheet in order, even empty ones', () => {
    const { categories } = computeCoverage([]);
    expect(categories.map((c) => c.category)).toEqual(Object.values(C));
    expect(categories.every((c) => c.items === 0 && c.percentImplemented === null)).toBe(true);
  });

  it('has no percentage when everything applicable was declared N/A', () => {
    const { total } = computeCoverage([item(C.ASSET, S.NOT_APPLICABLE), item(C.ASSET, S.NOT_APPLICABLE)]);
    expect(total).toMatchObject({
      applicable: 2,
      notApplicable: 2,
      denominator: 0,
      percentImplemented: null,
    });
  });

  it('sums organisations by counts, recomputing the percentage (not averaging it)', () => {
    const a = computeCoverage([item(C.SERVICE, S.IMPLEMENTED)]).total; // 100 %
    const b = computeCoverage([
      item(C.SERVICE, S.NOT_STARTED),
      item(C.SERVICE, S.NOT_STARTED),
      item(C.SERVICE, S.NOT_STARTED),
    ]).total; // 0 %
    expect(sumCoverage([a, b])).toMatchObject({
      items: 4,
      implemented: 1,
      denominator: 4,
      percentImplemented: 25,
    });
    expect(sumCoverage([]).percentImplemented).toBeNull();
  });
});
