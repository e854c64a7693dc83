import { GuidelineRole } from '@renkei/directory/directory.enums';
import { CHECK_SHEET_CATEGORIES, CheckSheetCategory } from './guideline.enums';

const C = CheckSheetCategory;
/** The three cross-cutting areas (横断的なセキュリティ対策, §2.3.2 / §3.2). */
const CROSS_CUTTING = [C.SUPPLY_CHAIN, C.INCIDENT_RESPONSE, C.DATA_LINKAGE];

/**
 * Which parts of the check sheet an organisation holding a guideline role answers for. Derived from
 * the guideline (edition 3.0):
 *
 * - §4.2: the promotion body (推進主体) refers to the WHOLE sheet; "the bodies mainly responsible for
 *   each category's measures — city-OS vendors, service providers, data providers and so on — check
 *   their own category and the cross-cutting measures".
 * - Who is mainly responsible for each category (§2.3.1): GOVERNANCE → the promotion body; SERVICE →
 *   the service provider (サービスのセキュリティを実施する主体はサービス提供者); CITY_OS → the city-OS
 *   vendor (都市OSベンダが中心となって実施); ASSET (devices, edge, network generating data) → the data
 *   provider, which collects data from IoT devices (Table 1-1) and is named in §4.2, and the IoT device
 *   vendor, which builds the devices' own security (authentication, encryption, tamper resistance,
 *   updates: §2.3.1④, Table 1-1).
 * - Cross-cutting (§2.3.2): SUPPLY_CHAIN — contractors manage their own chain and inform the
 *   outsourcer (委託先としても同様に…), so every stakeholder organisation; INCIDENT_RESPONSE — every
 *   multi-stakeholder builds a response structure, shares contacts and drills (マルチステークホルダ
 *   それぞれ), so every stakeholder organisation; DATA_LINKAGE — both the linkage source and destination
 *   (データ連携先、連携元双方): the city OS, service providers (destinations), data and
 *   investor/data providers (sources) and the promotion body. A security service provider (SOC) or an
 *   IoT device vendor exchanges no city data as such: supply chain and incident response only.
 * - Service users (residents) and external authorities are not assessed.
 */
export const CATEGORIES_BY_ROLE: Readonly<Record<GuidelineRole, readonly CheckSheetCategory[]>> = {
  [GuidelineRole.PROMOTION_BODY]: CHECK_SHEET_CATEGORIES,
  [GuidelineRole.SERVICE_PROVIDER]: [C.SERVICE, ...CROSS_CUTTING],
  [GuidelineRole.CITY_OS_VENDOR]: [C.CITY_OS, ...CROSS_CUTTING],
  [GuidelineRole.DATA_PROVIDER]: [C.ASSET, ...CROSS_CUTTING],
  [GuidelineRole.IOT_DEVICE_VENDOR]: [C.ASSET, C.SUPPLY_CHAIN, C.INCIDENT_RESPONSE],
  [GuidelineRole.INVESTOR_DATA_PROVIDER]: CROSS_CUTTING,
  [GuidelineRole.SECURITY_SERVICE_PROVIDER]: [C.SUPPLY_CHAIN, C.INCIDENT_RESPONSE],
  [GuidelineRole.MULTI_STAKEHOLDER]: [C.SUPPLY_CHAIN, C.INCIDENT_RESPONSE],
  [GuidelineRole.SERVICE_USER]: [],
  [GuidelineRole.EXTERNAL_AUTHORITY]: [],
};

/** The check-sheet categories that apply to an organisation with these roles, in sheet order. */
export function applicableCategories(roles: readonly GuidelineRole[]): CheckSheetCategory[] {
  const held = new Set(roles.flatMap((role) => CATEGORIES_BY_ROLE[role] ?? []));
  return CHECK_SHEET_CATEGORIES.filter((category) => held.has(category));
}

/** Whether an organisation with these roles answers for items of this category. */
export function isApplicable(roles: readonly GuidelineRole[], category: CheckSheetCategory): boolean {
  return roles.some((role) => (CATEGORIES_BY_ROLE[role] ?? []).includes(category));
}
