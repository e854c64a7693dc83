import { GuidelineRole } from '@renkei/directory/directory.enums';
import { CATEGORIES_BY_ROLE, applicableCategories, isApplicable } from '../applicability';
import { CHECK_SHEET_CATEGORIES, CheckSheetCategory as C } from '../guideline.enums';

describe('check-sheet applicability by guideline role (§4.2, §2.3)', () => {
  it('gives the promotion body the whole sheet', () => {
    expect(applicableCategories([GuidelineRole.PROMOTION_BODY])).toEqual(CHECK_SHEET_CATEGORIES);
  });

  it('gives a category’s principal its own category and the three cross-cutting areas', () => {
    expect(applicableCategories([GuidelineRole.SERVICE_PROVIDER])).toEqual([
      C.SERVICE,
      C.SUPPLY_CHAIN,
      C.INCIDENT_RESPONSE,
      C.DATA_LINKAGE,
    ]);
    expect(applicableCategories([GuidelineRole.CITY_OS_VENDOR])).toEqual([
      C.CITY_OS,
      C.SUPPLY_CHAIN,
      C.INCIDENT_RESPONSE,
      C.DATA_LINKAGE,
    ]);
    expect(applicableCategories([GuidelineRole.DATA_PROVIDER])).toEqual([
      C.ASSET,
      C.SUPPLY_CHAIN,
      C.INCIDENT_RESPONSE,
      C.DATA_LINKAGE,
    ]);
  });

  it('keeps governance with the promotion body only', () => {
    const others = Object.values(GuidelineRole).filter((role) => role !== GuidelineRole.PROMOTION_BODY);
    for (const role of others) expect(isApplicable([role], C.GOVERNANCE)).toBe(false);
  });

  it('asks every stakeholder organisation for supply chain and incident response, but not residents or authorities', () => {
    const stakeholders = Object.values(GuidelineRole).filter(
      (role) => role !== GuidelineRole.SERVICE_USER && role !== GuidelineRole.EXTERNAL_AUTHORITY,
    );
    for (const role of stakeholders) {
      expect([role, isApplicable([role], C.SUPPLY_CHAIN)]).toEqual([role, true]);
      expect([role, isApplicable([role], C.INCIDENT_RESPONSE)]).toEqual([role, true]);
    }
    expect(applicableCategories([GuidelineRole.SERVICE_USER])).toEqual([]);
    expect(applicableCategories([GuidelineRole.EXTERNAL_AUTHORITY])).toEqual([]);
  });

  it('leaves data linkage to the parties that exchange city data, not to the SOC or the device vendor', () => {
    expect(isApplicable([GuidelineRole.SECURITY_SERVICE_PROVIDER], C.DATA_LINKAGE)).toBe(false);
    expect(isApplicable([GuidelineRole.IOT_DEVICE_VENDOR], C.DATA_LINKAGE)).toBe(false);
    expect(isApplicable([GuidelineRole.IOT_DEVICE_VENDOR], C.ASSET)).toBe(true);
    expect(isApplicable([GuidelineRole.INVESTOR_DATA_PROVIDER], C.DATA_LINKAGE)).toBe(true);
  });

  it('takes the union of several roles, in sheet order, without duplicates', () => {
    expect(
      applicableCategories([GuidelineRole.SECURITY_SERVICE_PROVIDER, GuidelineRole.CITY_OS_VENDOR]),
    ).toEqual([C.CITY_OS, C.SUPPLY_CHAIN, C.INCIDENT_RESPONSE, C.DATA_LINKAGE]);
    expect(applicableCategories([])).toEqual([]);
  });

  it('has an answer for every role of the directory', () => {
    expect(Object.keys(CATEGORIES_BY_ROLE).sort()).toEqual(Object.values(GuidelineRole).sort());
  });
});
