import type { EntityManager } from 'typeorm';
import { WebhookEventType } from '@renkei/alerting/alerting.enums';
import { formatTokyoTime } from '@renkei/alerting/email/alert-labels';
import { sendNotices } from '@renkei/alerting/notices';
import { describeDuration } from './clock';

/** What a notice about an obligation needs to say (no incident details: notices go out for every TLP). */
export interface ObligationNoticeFacts {
  obligationId: string;
  incidentId: string;
  incidentReference: string;
  ruleNameJa: string;
  ruleNameEn: string;
  stageNameJa: string;
  stageNameEn: string;
  authorityNameJa: string;
  authorityNameEn: string;
  ownerOrganisationId: string;
  ownerNameJa: string;
  ownerNameEn: string;
  dueAt: Date;
}

const what = (f: ObligationNoticeFacts) => ({
  ja: `${f.authorityNameJa}への${f.stageNameJa}（${f.ruleNameJa}）`,
  en: `the ${f.stageNameEn} to ${f.authorityNameEn} (${f.ruleNameEn})`,
});

/** A reminder to the owner organisation before the deadline. */
export async function sendReminder(
  manager: EntityManager,
  facts: ObligationNoticeFacts,
  reminder: number,
  recipients: string[],
  now: Date,
): Promise<number> {
  const left = describeDuration(
    Math.max(60, Math.round((facts.dueAt.getTime() - now.getTime()) / 60_000) * 60),
  );
  const item = what(facts);
  const due = formatTokyoTime(facts.dueAt);
  const written = await sendNotices(manager, {
    incidentId: facts.incidentId,
    organisationIds: recipients,
    triggerKey: `obligation_${facts.obligationId}_remind_${reminder}_${facts.dueAt.getTime()}`,
    eventType: WebhookEventType.OBLIGATION_REMINDER,
    subject: {
      ja: `報告期限が近づいています（あと約${left.ja}）: ${facts.stageNameJa}`,
      en: `Reporting deadline in about ${left.en}: ${facts.stageNameEn}`,
    },
    body: {
      ja: `${facts.incidentReference} について、${item.ja}の提出期限は ${due} です（あと約${left.ja}）。提出義務を負う組織: ${facts.ownerNameJa}。提出したら Renkei に受付番号を記録してください。`,
      en: `For ${facts.incidentReference}, ${item.en} is due by ${due} (in about ${left.en}). The organisation that must submit it: ${facts.ownerNameEn}. Once submitted, record its receipt number in Renkei.`,
    },
  });
  return written.length;
}

/** The deadline passed without a submission: the owner organisation and the promotion body hear of it. */
export async function sendOverdue(
  manager: EntityManager,
  facts: ObligationNoticeFacts,
  recipients: string[],
): Promise<number> {
  const item = what(facts);
  const due = formatTokyoTime(facts.dueAt);
  const written = await sendNotices(manager, {
    incidentId: facts.incidentId,
    organisationIds: recipients,
    triggerKey: `obligation_${facts.obligationId}_overdue_${facts.dueAt.getTime()}`,
    eventType: WebhookEventType.OBLIGATION_OVERDUE,
    subject: {
      ja: `報告期限を過ぎました: ${facts.stageNameJa}`,
      en: `Reporting deadline missed: ${facts.stageNameEn}`,
    },
    body: {
      ja: `${facts.incidentReference} について、${item.ja}の期限 ${due} までに提出が記録されていません。提出義務を負う組織: ${facts.ownerNameJa}。直ちに提出し、Renkei に受付番号を記録してください。`,
      en: `For ${facts.incidentReference}, no submission of ${item.en} was recorded by its deadline ${due}. The organisation that must submit it: ${facts.ownerNameEn}. Submit it now and record its receipt number in Renkei.`,
    },
  });
  return written.length;
}

/** The commissioning organisation now holds the duty (its contractor told it). */
export async function sendAssigned(
  manager: EntityManager,
  facts: ObligationNoticeFacts,
  contractorNameJa: string,
  contractorNameEn: string,
): Promise<number> {
  const item = what(facts);
  const due = formatTokyoTime(facts.dueAt);
  const written = await sendNotices(manager, {
    incidentId: facts.incidentId,
    organisationIds: [facts.ownerOrganisationId],
    triggerKey: `obligation_${facts.obligationId}_assigned`,
    eventType: WebhookEventType.OBLIGATION_ASSIGNED,
    subject: {
      ja: `報告義務が移りました: ${facts.stageNameJa}`,
      en: `A reporting duty is now yours: ${facts.stageNameEn}`,
    },
    body: {
      ja: `${facts.incidentReference} について、受託者 ${contractorNameJa} から通知を受けたため、${item.ja}の提出義務は委託元である ${facts.ownerNameJa} に移りました。期限: ${due}。`,
      en: `For ${facts.incidentReference}, the contractor ${contractorNameEn} has told you, so ${item.en} is now the duty of the commissioning organisation ${facts.ownerNameEn}. Due by ${due}.`,
    },
  });
  return written.length;
}
