import { EntityManager } from 'typeorm';
import { UserEntity } from '@renkei/identity/entities/user.entity';
import { TimelineEntryEntity } from '@renkei/incidents/entities/timeline-entry.entity';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { TimelineEntryKind, Tlp } from '@renkei/incidents/incidents.enums';
import { InquiryContactEntity } from '@renkei/reporting/entities/inquiry-contact.entity';
import { PublicStatementEntity } from '@renkei/reporting/entities/public-statement.entity';
import { ReportTemplateEntity } from '@renkei/reporting/entities/report-template.entity';
import { PublicStatementStatus } from '@renkei/reporting/reporting.enums';

/** The demo incident residents are told about: the resolved bike-share lock vulnerability. */
const PUBLIC_INCIDENT_REFERENCE = 'INC-2026-0001';

/** Demo user ids by key: the coordinator approves the statement, the city's responder drafts it. */
export type DemoReportingUsers = Record<'coordinator' | 'responder', string>;

/**
 * Reporting in 「みなと市」: the bike-share incident (resolved, shared as TLP:GREEN) is released as
 * TLP:CLEAR and a statement to residents about it is published; the city's inquiry windows; and an
 * executive flash-report template beside the default one the migrations install.
 */
export async function seedDemoReporting(manager: EntityManager, users: DemoReportingUsers): Promise<void> {
  const incident = await manager.findOneBy(IncidentEntity, { reference: PUBLIC_INCIDENT_REFERENCE });
  const coordinator = await manager.findOneBy(UserEntity, { id: users.coordinator });
  const responder = await manager.findOneBy(UserEntity, { id: users.responder });
  if (!incident || !coordinator || !responder) return;
  const releasedAt = new Date('2026-02-13T10:00:00+09:00');
  const publishedAt = new Date('2026-02-13T11:00:00+09:00');
  if (incident.tlp !== Tlp.CLEAR) {
    await manager.update(IncidentEntity, { id: incident.id }, { tlp: Tlp.CLEAR });
    await manager.insert(TimelineEntryEntity, {
      incidentId: incident.id,
      occurredAt: releasedAt,
      kind: TimelineEntryKind.TLP_CHANGED,
      actorKind: 'user',
      actorId: coordinator.id,
      actorName: coordinator.displayName,
      actorOrganisationId: coordinator.organisationId,
      message: `TLPを TLP:${incident.tlp} から TLP:CLEAR に変更（解決済みのため住民へ公表）。`,
      data: { from: incident.tlp, to: Tlp.CLEAR },
    });
  }
  await manager.insert(PublicStatementEntity, {
    incidentId: incident.id,
    titleJa: 'シェアサイクルの電子錠の不具合について（対応完了）',
    titleEn: 'Bike-share smart locks: issue fixed',
    bodyJa: [
      '2026年2月9日から11日にかけて、シェアサイクルの一部の自転車で、予約していない利用者でも電子錠を開けられる不具合がありました。',
      '',
      '- 2月11日までに、すべての電子錠の修正を完了しました。',
      '- 利用者の**個人情報への影響はありません**。',
      '- 予約や料金の請求に誤りはありませんでした。',
      '',
      'ご不便をおかけしました。ご不明な点は下記のお問い合わせ窓口までご連絡ください。',
    ].join('\n'),
    bodyEn: [
      'From 9 to 11 February 2026, some bike-share locks could be opened without a booking.',
      '',
      '- Every lock was fixed by 11 February.',
      '- **No personal data was affected.**',
      '- No booking or charge was wrong.',
      '',
      'We apologise for the inconvenience. For questions, contact the inquiry desks below.',
    ].join('\n'),
    status: PublicStatementStatus.PUBLISHED,
    draftedByUserId: responder.id,
    draftedByName: responder.displayName,
    approvedByUserId: coordinator.id,
    approvedByName: coordinator.displayName,
    publishedAt,
    createdAt: new Date('2026-02-13T10:30:00+09:00'),
    updatedAt: publishedAt,
    version: 2,
  });
  await manager.insert(InquiryContactEntity, [
    {
      nameJa: 'みなと市 スマートシティ推進課（住民お問い合わせ窓口）',
      nameEn: 'Minato City Smart City Office (residents’ desk)',
      phone: '045-000-1234',
      email: 'smartcity-soudan@city.minato.example.jp',
      url: 'https://www.city.minato.example.jp/smartcity/',
      hoursJa: '平日 8:30〜17:15（祝日・年末年始を除く）',
      hoursEn: 'Weekdays 8:30–17:15 (except public holidays and New Year)',
      position: 1,
    },
    {
      nameJa: 'シェアサイクル お客さまセンター',
      nameEn: 'Bike-share customer centre',
      phone: '0120-000-567',
      email: null,
      url: 'https://cycle.minato.example.jp/support',
      hoursJa: '毎日 7:00〜22:00',
      hoursEn: 'Every day 7:00–22:00',
      position: 2,
    },
  ]);
  await manager.insert(ReportTemplateEntity, {
    name: 'みなと市 経営層向け速報 / Executive flash report',
    description:
      'For fast reporting of serious incidents to the mayor’s office and the CISO (IR③): the facts, who has acknowledged, what is being done.',
    languages: ['ja', 'en'],
    sections: ['SUMMARY', 'IMPACT', 'ALERTS', 'TASKS', 'STATUTORY_OBLIGATIONS'],
    headings: {
      SUMMARY: { ja: '1. 発生事案の概要', en: '1. What happened' },
      IMPACT: { ja: '2. 市民・サービスへの影響', en: '2. Impact on residents and services' },
      ALERTS: { ja: '3. 関係者への連絡状況', en: '3. Who has been told' },
      TASKS: { ja: '4. 対応状況', en: '4. What is being done' },
      STATUTORY_OBLIGATIONS: { ja: '5. 法令に基づく報告の期限', en: '5. Statutory reporting deadlines' },
    },
    introJa: '市長・CISO 向けの速報です。確定していない情報を含みます。',
    introEn: 'Flash report for the mayor and the CISO. It includes unconfirmed information.',
    closingJa: '次回報告：状況に変化があり次第、または24時間以内。',
    closingEn: 'Next report: as soon as the situation changes, or within 24 hours.',
    isDefault: false,
  });
}
