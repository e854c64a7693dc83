import checkSheetData from './data/checksheet-v3.json';
import cpsfData from './data/cpsf-measures.json';

/** The edition whose catalogue ships with this code (the database holds every imported edition). */
export const CURRENT_EDITION = '3.0';

const CHECK_SHEET_KEYS: ReadonlySet<string> = new Set(checkSheetData.items.map((item) => item.key));
const CPSF_MEASURE_IDS: ReadonlySet<string> = new Set(cpsfData.items.map((measure) => measure.id));

/**
 * Synchronous validation for other contexts (runbooks, exercises) against the current edition, with
 * no database round trip: is this a check-sheet key (GOV-1-1 … DL-6)?
 */
export function isCheckSheetKey(key: string): boolean {
  return CHECK_SHEET_KEYS.has(key);
}

/** Is this a CPSF measure id of the current edition (CPS.AC-1 …)? */
export function isCpsfMeasureId(id: string): boolean {
  return CPSF_MEASURE_IDS.has(id);
}

/** Every check-sheet key of the current edition, in sheet order. */
export function checkSheetKeys(): string[] {
  return checkSheetData.items.map((item) => item.key);
}

/** Every CPSF measure id of the current edition. */
export function cpsfMeasureIds(): string[] {
  return cpsfData.items.map((measure) => measure.id);
}
