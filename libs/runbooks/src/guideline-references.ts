import checkSheet from '@renkei/guideline/data/checksheet-v3.json';
import cpsfMeasures from '@renkei/guideline/data/cpsf-measures.json';

const CHECK_SHEET_KEYS: ReadonlySet<string> = new Set(
  (checkSheet.items as { key: string }[]).map((item) => item.key),
);
const CPSF_MEASURE_IDS: ReadonlySet<string> = new Set(
  (cpsfMeasures.items as { id: string }[]).map((item) => item.id),
);

/** A check-sheet item of guideline v3.0 §4.2 (GOV-1-1 … DL-6). */
export function isCheckSheetKey(key: string): boolean {
  return CHECK_SHEET_KEYS.has(key);
}

/** A CPSF measure requirement of Appendix C (CPS.AC-1 … CPS.SC-14). */
export function isCpsfMeasureId(id: string): boolean {
  return CPSF_MEASURE_IDS.has(id);
}
