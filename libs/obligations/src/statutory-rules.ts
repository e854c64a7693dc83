import type { EntityManager } from 'typeorm';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import type { ReportingStage } from './entities/reporting-rule.entity';
import { DeadlineAnchor, DeadlineCondition, TriggerConditionKind } from './obligations.enums';

const DAY = 86400;
const HOUR = 3600;

/** The PPC in the directory is found by this name (organisation names are unique). */
export const PPC_NAME_JA = '個人情報保護委員会';
export const APPI_RULE_KEY = 'APPI_ART26';

/**
 * APPI Art. 26: 速報 "promptly" — the PPC's guidelines read it as about 3–5 days from awareness; we
 * take 5 (the outer bound, editable) — and 確報 within 30 days, 60 when the leak may have been
 * committed for an unlawful purpose (Enforcement Rules Art. 8).
 */
export const APPI_STAGES: ReportingStage[] = [
  {
    key: 'preliminary',
    nameJa: '速報',
    nameEn: 'Preliminary report',
    anchor: DeadlineAnchor.AWARENESS,
    durationSeconds: 5 * DAY,
    alternative: null,
    reminderOffsetsSeconds: [3 * DAY, 1 * DAY, 2 * HOUR],
  },
  {
    key: 'final',
    nameJa: '確報',
    nameEn: 'Final report',
    anchor: DeadlineAnchor.AWARENESS,
    durationSeconds: 30 * DAY,
    alternative: { condition: DeadlineCondition.MALICIOUS, durationSeconds: 60 * DAY },
    reminderOffsetsSeconds: [7 * DAY, 3 * DAY, 1 * DAY],
  },
];

/**
 * Makes sure every installation has the APPI Art. 26 rule and the PPC as its authority: an
 * idempotent importer run at boot after the demo city (see apps/api/src/startup.ts) and by the demo
 * seed. Not a data migration: the demo city seeds only an empty directory and brings its own PPC entry,
 * so an organisation written by a migration would stop it. The PPC is matched by its Japanese name;
 * an admin's edits to the rule are never overwritten (only a missing rule is created).
 */
export async function ensureStatutoryRules(
  manager: EntityManager,
): Promise<{ created: boolean; ruleId: string }> {
  let [authority] = (await manager.query(`SELECT id, guideline_roles FROM organisation WHERE name_ja = $1`, [
    PPC_NAME_JA,
  ])) as { id: string; guideline_roles: string[] }[];
  if (!authority) {
    [authority] = (await manager.query(
      `INSERT INTO organisation (name_ja, name_en, guideline_roles, description, website)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name_ja) DO UPDATE SET name_ja = excluded.name_ja
       RETURNING id, guideline_roles`,
      [
        PPC_NAME_JA,
        'Personal Information Protection Commission',
        [GuidelineRole.EXTERNAL_AUTHORITY],
        '個人データの漏えい等報告の提出先（個人情報保護法第26条・第68条）。',
        'https://www.ppc.go.jp/',
      ],
    )) as { id: string; guideline_roles: string[] }[];
  } else if (!authority.guideline_roles.includes(GuidelineRole.EXTERNAL_AUTHORITY)) {
    await manager.query(
      `UPDATE organisation SET guideline_roles = array_append(guideline_roles, $2) WHERE id = $1`,
      [authority.id, GuidelineRole.EXTERNAL_AUTHORITY],
    );
  }
  const inserted = (await manager.query(
    `INSERT INTO reporting_rule (key, name_ja, name_en, legal_basis_ja, legal_basis_en, authority_organisation_id, trigger, stages)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [
      APPI_RULE_KEY,
      '個人データの漏えい等の報告（個人情報保護法第26条）',
      'Personal data breach report (APPI Art. 26)',
      '個人情報の保護に関する法律 第26条第1項（地方公共団体等の行政機関等は第68条第1項）、同法施行規則 第7条（報告対象となる事態）、第8条（速報：速やかに／確報：30日以内、不正の目的によるおそれがある場合は60日以内）、第9条（委託先から委託元への通知による報告義務の免除）。',
      'Act on the Protection of Personal Information Art. 26(1) (public bodies: Art. 68(1)); Enforcement Rules Art. 7 (reportable situations), Art. 8 (preliminary report promptly; final report within 30 days, 60 days where an unlawful purpose is suspected), Art. 9 (a contractor that notifies the commissioning business is exempt).',
      authority.id,
      JSON.stringify([{ kind: TriggerConditionKind.PERSONAL_DATA }]),
      JSON.stringify(APPI_STAGES),
    ],
  )) as { id: string }[];
  if (inserted.length) return { created: true, ruleId: inserted[0].id };
  const [existing] = (await manager.query(`SELECT id FROM reporting_rule WHERE key = $1`, [
    APPI_RULE_KEY,
  ])) as {
    id: string;
  }[];
  return { created: false, ruleId: existing.id };
}
