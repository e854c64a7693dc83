import { escapeHtml } from '@renkei/alerting/pages/html';
import {
  ACTION_RATING_LABEL,
  type AfterActionReport,
  type Bilingual,
  dutyLabel,
  formatDuration,
  OBJECTIVE_RATING_LABEL,
} from './after-action';
import { formatExerciseTime } from './exercise-clock';
import { ExerciseRole, ImprovementLinkKind, ImprovementStatus, ObjectiveRating } from './exercises.enums';

/**
 * The after-action report / improvement plan (AAR/IP) as a document, in the HSEEP layout: a title
 * block marked as an exercise, 1 overview, 2 analysis of objectives, 3 strengths, 4 areas for
 * improvement, 5 time to acknowledge, 6 measures, 7 timeline and Appendix A, the improvement plan.
 * One document model is built per locale and written out as Markdown or as a standalone, printable
 * HTML page; every value from the report (names, notes, messages typed by people) is escaped.
 */

export type ReportLocale = 'ja' | 'en';

/** One improvement-plan item as it stands now (persisted items can be edited after the report). */
export interface ImprovementPlanRow {
  title: string;
  ownerName: string | null;
  /** YYYY-MM-DD. */
  dueDate: string | null;
  status: ImprovementStatus;
  linkKind: ImprovementLinkKind;
  /** What the link points at, by name (a contact, an organisation, a component…). */
  linkLabel: string | null;
}

export interface AfterActionRenderOptions {
  /**
   * The improvement plan's current items. Without them, Appendix A lists the report's proposals as
   * generated (open, no due date).
   */
  improvementPlan?: readonly ImprovementPlanRow[];
}

/** The report as Markdown (GitHub-flavoured: tables). */
export function renderAfterActionMarkdown(
  report: AfterActionReport,
  locale: ReportLocale,
  options: AfterActionRenderOptions = {},
): string {
  return toMarkdown(buildDocument(report, locale, options));
}

/** The report as one standalone HTML document: inline CSS, A4 print styles, no external resource. */
export function renderAfterActionHtml(
  report: AfterActionReport,
  locale: ReportLocale,
  options: AfterActionRenderOptions = {},
): string {
  return toHtml(buildDocument(report, locale, options), locale);
}

// ---------------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------------

const L = {
  exerciseMark: { ja: '訓練 / EXERCISE', en: 'EXERCISE / 訓練' },
  exerciseNotice: {
    ja: 'この文書は訓練（机上演習）の記録です。実際のインシデントではありません。',
    en: 'This document records a tabletop exercise. It is not a real incident.',
  },
  documentTitle: { ja: '事後評価報告書・改善計画', en: 'After-Action Report / Improvement Plan' },
  exercise: { ja: '演習', en: 'Exercise' },
  scenario: { ja: 'シナリオ', en: 'Scenario' },
  scheduledAt: { ja: '予定日時', en: 'Scheduled' },
  startedAt: { ja: '開始日時', en: 'Started' },
  finishedAt: { ja: '終了日時', en: 'Finished' },
  duration: { ja: '実施時間', en: 'Duration' },
  speed: { ja: '演習時間の速度', en: 'Clock speed' },
  generatedAt: { ja: '作成日時', en: 'Generated' },
  overview: { ja: '1 演習概要', en: '1 Exercise overview' },
  description: { ja: '演習の説明', en: 'Description' },
  narrative: { ja: 'シナリオの概要', en: 'Scenario narrative' },
  participants: { ja: '参加組織と役割', en: 'Participants and roles' },
  organisation: { ja: '組織', en: 'Organisation' },
  role: { ja: '役割', en: 'Role' },
  injectsSent: { ja: '送出した状況付与', en: 'Injects sent' },
  injectsSkipped: { ja: '送出しなかった状況付与', en: 'Injects skipped' },
  responses: { ja: '記録された対応', en: 'Responses recorded' },
  objectives: { ja: '2 目標の分析', en: '2 Analysis of objectives' },
  objective: { ja: '目標', en: 'Objective' },
  checkSheetKeys: { ja: 'チェックシート項目', en: 'Check-sheet items' },
  rating: { ja: '評価', en: 'Rating' },
  score: { ja: 'スコア', en: 'Score' },
  computed: { ja: '算出', en: 'computed' },
  ratedBy: { ja: '評価者', en: 'Rated by' },
  note: { ja: 'メモ', en: 'Note' },
  inject: { ja: '状況付与', en: 'Inject' },
  expectedAction: { ja: '期待される行動', en: 'Expected action' },
  weight: { ja: '重み', en: 'Weight' },
  evaluator: { ja: '評価者', en: 'Evaluator' },
  notRated: { ja: '未評価', en: 'Not rated' },
  noActions: {
    ja: 'この目標に対応する期待される行動はない。',
    en: 'No expected action evidences this objective.',
  },
  strengths: { ja: '3 強み', en: '3 Strengths' },
  areas: { ja: '4 改善すべき点', en: '4 Areas for improvement' },
  none: { ja: 'なし', en: 'None' },
  acknowledgements: { ja: '5 確認応答までの時間', en: '5 Time to acknowledge' },
  acknowledged: { ja: '確認応答', en: 'Acknowledged' },
  unacknowledged: { ja: '未応答', en: 'Unacknowledged' },
  median: { ja: '中央値', en: 'Median' },
  max: { ja: '最大', en: 'Max' },
  alertedAt: { ja: '最初の通知', en: 'First alerted' },
  acknowledgedAt: { ja: '確認応答日時', en: 'Acknowledged at' },
  acknowledgedBy: { ja: '応答者', en: 'Acknowledged by' },
  timeToAcknowledge: { ja: '所要時間', en: 'Time to acknowledge' },
  inExerciseTime: { ja: '演習時間換算', en: 'In exercise time' },
  notAcknowledged: { ja: '未応答', en: 'Not acknowledged' },
  noAcknowledgements: {
    ja: '確認応答を求めた状況付与はなかった。',
    en: 'No inject asked for acknowledgement.',
  },
  measures: { ja: '6 測定値', en: '6 Measures' },
  escalations: { ja: '発生したエスカレーション', en: 'Escalations triggered' },
  bounced: { ja: '連絡できなかった連絡先', en: 'Contacts that could not be reached' },
  contact: { ja: '連絡先', en: 'Contact' },
  neverAnswered: { ja: '確認応答しなかった組織', en: 'Organisations that never answered' },
  gaps: { ja: '責任分界の空白', en: 'Responsibility gaps hit' },
  component: { ja: '構成要素', en: 'Component' },
  duty: { ja: '責任', en: 'Duty' },
  lateness: { ja: '状況付与の送出遅延', en: 'Inject lateness' },
  timeline: { ja: '7 タイムライン', en: '7 Timeline' },
  exerciseTime: { ja: '演習時間', en: 'Exercise time' },
  wallTime: { ja: '日時（JST）', en: 'Time (JST)' },
  kind: { ja: '種別', en: 'Kind' },
  event: { ja: '内容', en: 'Event' },
  noEvents: { ja: '記録された出来事はない。', en: 'No event was recorded.' },
  plan: { ja: '付録A 改善計画', en: 'Appendix A Improvement plan' },
  finding: { ja: '指摘事項', en: 'Finding' },
  owner: { ja: '担当組織', en: 'Owner' },
  dueDate: { ja: '期限', en: 'Due' },
  status: { ja: '状況', en: 'Status' },
  link: { ja: '対象', en: 'Link' },
  unassigned: { ja: '未定', en: 'Unassigned' },
  noPlan: { ja: '改善計画の項目はない。', en: 'The improvement plan has no item.' },
} satisfies Record<string, Bilingual>;

const ROLE_LABEL: Record<ExerciseRole, Bilingual> = {
  [ExerciseRole.FACILITATOR]: { ja: '進行役', en: 'Facilitator' },
  [ExerciseRole.EVALUATOR]: { ja: '評価者', en: 'Evaluator' },
  [ExerciseRole.PLAYER]: { ja: 'プレーヤー（対応組織）', en: 'Player' },
  [ExerciseRole.OBSERVER]: { ja: 'オブザーバー', en: 'Observer' },
};

const STATUS_LABEL: Record<ImprovementStatus, Bilingual> = {
  [ImprovementStatus.OPEN]: { ja: '未着手', en: 'Open' },
  [ImprovementStatus.IN_PROGRESS]: { ja: '対応中', en: 'In progress' },
  [ImprovementStatus.DONE]: { ja: '完了', en: 'Done' },
  [ImprovementStatus.CANCELLED]: { ja: '取り下げ', en: 'Cancelled' },
};

const LINK_KIND_LABEL: Record<ImprovementLinkKind, Bilingual> = {
  [ImprovementLinkKind.NONE]: { ja: '—', en: '—' },
  [ImprovementLinkKind.CONTACT]: { ja: '連絡先', en: 'Contact' },
  [ImprovementLinkKind.ORGANISATION]: { ja: '組織', en: 'Organisation' },
  [ImprovementLinkKind.COMPONENT]: { ja: '構成要素', en: 'Component' },
  [ImprovementLinkKind.RUNBOOK]: { ja: 'ランブック', en: 'Runbook' },
  [ImprovementLinkKind.ESCALATION_POLICY]: { ja: 'エスカレーション方針', en: 'Escalation policy' },
};

const TOKYO_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2026-12-03 14:00:05 JST`: one numeric form in both languages. Null reads as a dash. */
export function formatTokyoDateTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const parts = TOKYO_PARTS.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} JST`;
}

// ---------------------------------------------------------------------------------------------------
// The document model
// ---------------------------------------------------------------------------------------------------

/** A table cell: text, optionally styled (a rating badge) in HTML. */
interface Cell {
  text: string;
  className?: string;
}

type Block =
  | { kind: 'banner'; title: string; text: string }
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; rows: [string, string][] }
  | { kind: 'list'; items: string[]; empty: string }
  | { kind: 'table'; head: string[]; rows: (string | Cell)[][]; empty?: string };

function buildDocument(
  report: AfterActionReport,
  locale: ReportLocale,
  options: AfterActionRenderOptions,
): Block[] {
  const t = (label: Bilingual): string => label[locale];
  const organisationName = organisationNames(report, locale);
  const injectSequence = new Map<string, number>();
  for (const organisation of report.acknowledgements) {
    for (const row of organisation.rows) injectSequence.set(row.injectKey, row.sequence);
  }
  const injectLabel = (injectKey: string): string => {
    const sequence = injectSequence.get(injectKey);
    return sequence === undefined ? injectKey : `${sequence} (${injectKey})`;
  };
  const { overview } = report;
  const blocks: Block[] = [];

  // Title block.
  blocks.push({ kind: 'banner', title: t(L.exerciseMark), text: t(L.exerciseNotice) });
  blocks.push({ kind: 'heading', level: 1, text: `${t(L.documentTitle)}: ${overview.title}` });
  const duration =
    overview.durationSeconds === null
      ? '—'
      : overview.exerciseSecondsAtEnd === null
        ? formatDuration(overview.durationSeconds, locale)
        : locale === 'ja'
          ? `${formatDuration(overview.durationSeconds, locale)}（演習時間 ${formatExerciseTime(overview.exerciseSecondsAtEnd)}）`
          : `${formatDuration(overview.durationSeconds, locale)} (exercise clock ${formatExerciseTime(overview.exerciseSecondsAtEnd)})`;
  blocks.push({
    kind: 'facts',
    rows: [
      [t(L.exercise), overview.title],
      [
        t(L.scenario),
        `${t(overview.scenario.title)} (${overview.scenario.key} v${overview.scenario.version})`,
      ],
      [t(L.scheduledAt), formatTokyoDateTime(overview.scheduledAt)],
      [t(L.startedAt), formatTokyoDateTime(overview.startedAt)],
      [t(L.finishedAt), formatTokyoDateTime(overview.finishedAt)],
      [t(L.duration), duration],
      [t(L.speed), locale === 'ja' ? `${overview.speed}倍` : `${overview.speed}×`],
      [t(L.generatedAt), formatTokyoDateTime(report.generatedAt)],
    ],
  });

  // 1 Overview.
  blocks.push({ kind: 'heading', level: 2, text: t(L.overview) });
  if (overview.description.trim()) {
    blocks.push({ kind: 'heading', level: 3, text: t(L.description) });
    blocks.push({ kind: 'paragraph', text: overview.description });
  }
  if (t(overview.scenario.narrative).trim()) {
    blocks.push({ kind: 'heading', level: 3, text: t(L.narrative) });
    blocks.push({ kind: 'paragraph', text: t(overview.scenario.narrative) });
  }
  blocks.push({ kind: 'heading', level: 3, text: t(L.participants) });
  blocks.push({
    kind: 'table',
    head: [t(L.organisation), t(L.role)],
    rows: overview.participants.map((participant) => [t(participant.name), t(ROLE_LABEL[participant.role])]),
    empty: t(L.none),
  });
  blocks.push({
    kind: 'facts',
    rows: [
      [t(L.injectsSent), String(overview.injectsSent)],
      [t(L.injectsSkipped), String(overview.injectsSkipped)],
      [t(L.responses), String(report.measures.responses)],
    ],
  });

  // 2 Objectives.
  blocks.push({ kind: 'heading', level: 2, text: t(L.objectives) });
  const ratingCell = (rating: ObjectiveRating): Cell => ({
    text: `${rating} — ${t(OBJECTIVE_RATING_LABEL[rating])}`,
    className: `rating rating-${rating}`,
  });
  blocks.push({
    kind: 'table',
    head: [t(L.objective), t(L.checkSheetKeys), t(L.rating), t(L.score)],
    rows: report.objectives.map((objective) => {
      const rating = ratingCell(objective.rating);
      if (objective.rating !== objective.computedRating) {
        rating.text += ` (${t(L.computed)}: ${objective.computedRating})`;
      }
      return [
        `${objective.key}: ${t(objective.text)}`,
        objective.checkSheetKeys.join(', ') || '—',
        rating,
        formatScore(objective.score),
      ];
    }),
    empty: t(L.none),
  });
  for (const objective of report.objectives) {
    blocks.push({ kind: 'heading', level: 3, text: `${objective.key}: ${t(objective.text)}` });
    const ratingText =
      objective.rating === objective.computedRating
        ? ratingCell(objective.rating).text
        : `${ratingCell(objective.rating).text} (${t(L.computed)}: ${objective.computedRating} — ${t(OBJECTIVE_RATING_LABEL[objective.computedRating])})`;
    const facts: [string, string][] = [
      [t(L.rating), ratingText],
      [t(L.score), formatScore(objective.score)],
    ];
    if (objective.ratedBy) facts.push([t(L.ratedBy), objective.ratedBy]);
    if (objective.note.trim()) facts.push([t(L.note), objective.note]);
    blocks.push({ kind: 'facts', rows: facts });
    if (objective.actions.length === 0) {
      blocks.push({ kind: 'paragraph', text: t(L.noActions) });
      continue;
    }
    blocks.push({
      kind: 'table',
      head: [t(L.inject), t(L.expectedAction), t(L.weight), t(L.rating), t(L.note), t(L.evaluator)],
      rows: objective.actions.map((action) => [
        injectLabel(action.injectKey),
        t(action.description),
        String(action.weight),
        action.rating === null
          ? { text: t(L.notRated), className: 'muted' }
          : { text: t(ACTION_RATING_LABEL[action.rating]), className: `action action-${action.rating}` },
        action.note || '—',
        action.evaluatorName ?? '—',
      ]),
    });
  }

  // 3, 4 Strengths and areas for improvement.
  blocks.push({ kind: 'heading', level: 2, text: t(L.strengths) });
  blocks.push({ kind: 'list', items: report.strengths.map(t), empty: t(L.none) });
  blocks.push({ kind: 'heading', level: 2, text: t(L.areas) });
  blocks.push({ kind: 'list', items: report.areasForImprovement.map(t), empty: t(L.none) });

  // 5 Time to acknowledge.
  blocks.push({ kind: 'heading', level: 2, text: t(L.acknowledgements) });
  if (report.acknowledgements.length === 0) {
    blocks.push({ kind: 'paragraph', text: t(L.noAcknowledgements) });
  } else {
    blocks.push({
      kind: 'table',
      head: [t(L.organisation), t(L.acknowledged), t(L.unacknowledged), t(L.median), t(L.max)],
      rows: report.acknowledgements.map((organisation) => [
        t(organisation.name),
        String(organisation.acknowledged),
        organisation.unacknowledged > 0
          ? { text: String(organisation.unacknowledged), className: 'alert' }
          : String(organisation.unacknowledged),
        formatDuration(organisation.medianSecondsToAcknowledge, locale),
        formatDuration(organisation.maxSecondsToAcknowledge, locale),
      ]),
    });
    for (const organisation of report.acknowledgements) {
      blocks.push({ kind: 'heading', level: 3, text: t(organisation.name) });
      blocks.push({
        kind: 'table',
        head: [
          t(L.inject),
          t(L.alertedAt),
          t(L.acknowledgedAt),
          t(L.acknowledgedBy),
          t(L.timeToAcknowledge),
          t(L.inExerciseTime),
        ],
        rows: organisation.rows.map((row) => [
          injectLabel(row.injectKey),
          formatTokyoDateTime(row.alertedAt),
          row.acknowledgedAt === null
            ? { text: t(L.notAcknowledged), className: 'alert' }
            : formatTokyoDateTime(row.acknowledgedAt),
          row.acknowledgedBy ?? '—',
          formatDuration(row.secondsToAcknowledge, locale),
          formatDuration(row.exerciseSecondsToAcknowledge, locale),
        ]),
      });
    }
  }

  // 6 Measures.
  const { measures } = report;
  blocks.push({ kind: 'heading', level: 2, text: t(L.measures) });
  const latency = (ms: number | null): string => (ms === null ? '—' : `${ms} ms`);
  blocks.push({
    kind: 'facts',
    rows: [
      [t(L.escalations), String(measures.escalationsTriggered)],
      [t(L.bounced), String(measures.contactsBounced.length)],
      [t(L.neverAnswered), String(measures.neverAnswered.length)],
      [t(L.gaps), String(measures.responsibilityGaps.length)],
      [t(L.responses), String(measures.responses)],
      [
        t(L.lateness),
        `p50 ${latency(measures.injectLatenessMs.p50)} / p99 ${latency(measures.injectLatenessMs.p99)} / ${t(L.max)} ${latency(measures.injectLatenessMs.max)}`,
      ],
    ],
  });
  blocks.push({ kind: 'heading', level: 3, text: t(L.bounced) });
  blocks.push({
    kind: 'table',
    head: [t(L.contact), t(L.organisation), t(L.inject)],
    rows: measures.contactsBounced.map((contact) => [
      contact.name,
      organisationName(contact.organisationId),
      injectLabel(contact.injectKey),
    ]),
    empty: t(L.none),
  });
  blocks.push({ kind: 'heading', level: 3, text: t(L.neverAnswered) });
  blocks.push({
    kind: 'table',
    head: [t(L.organisation), t(L.inject)],
    rows: measures.neverAnswered.map((silent) => [
      organisationName(silent.organisationId),
      silent.injectKeys.map(injectLabel).join(', '),
    ]),
    empty: t(L.none),
  });
  blocks.push({ kind: 'heading', level: 3, text: t(L.gaps) });
  blocks.push({
    kind: 'table',
    head: [t(L.inject), t(L.component), t(L.duty)],
    rows: measures.responsibilityGaps.map((gap) => [
      injectLabel(gap.injectKey),
      gap.componentName,
      t(dutyLabel(gap.duty)),
    ]),
    empty: t(L.none),
  });

  // 7 Timeline.
  blocks.push({ kind: 'heading', level: 2, text: t(L.timeline) });
  if (report.timeline.length === 0) {
    blocks.push({ kind: 'paragraph', text: t(L.noEvents) });
  } else {
    blocks.push({
      kind: 'table',
      head: [t(L.exerciseTime), t(L.wallTime), t(L.kind), t(L.organisation), t(L.event)],
      rows: report.timeline.map((event) => [
        formatExerciseTime(event.exerciseSeconds),
        formatTokyoDateTime(event.at),
        event.kind,
        event.organisationId === null ? '—' : organisationName(event.organisationId),
        event.message,
      ]),
    });
  }

  // Appendix A Improvement plan.
  blocks.push({ kind: 'heading', level: 2, text: t(L.plan) });
  const plan = options.improvementPlan ?? proposedPlan(report, locale);
  blocks.push({
    kind: 'table',
    head: ['#', t(L.finding), t(L.owner), t(L.dueDate), t(L.status), t(L.link)],
    rows: plan.map((item, index) => [
      String(index + 1),
      item.title,
      item.ownerName ?? t(L.unassigned),
      item.dueDate ?? '—',
      t(STATUS_LABEL[item.status]),
      item.linkKind === ImprovementLinkKind.NONE
        ? '—'
        : `${t(LINK_KIND_LABEL[item.linkKind])}${item.linkLabel ? `: ${item.linkLabel}` : ''}`,
    ]),
    empty: t(L.noPlan),
  });
  return blocks;
}

function formatScore(score: number | null): string {
  return score === null ? '—' : `${Math.round(score * 100)}%`;
}

/** Organisation names known to the report (participants, then anyone in the acknowledgement table). */
function organisationNames(
  report: AfterActionReport,
  locale: ReportLocale,
): (organisationId: string) => string {
  const names = new Map<string, string>();
  for (const organisation of report.acknowledgements)
    names.set(organisation.organisationId, organisation.name[locale]);
  for (const participant of report.overview.participants) {
    names.set(participant.organisationId, participant.name[locale]);
  }
  return (organisationId) => names.get(organisationId) ?? organisationId;
}

/** Appendix A from the report's own proposals, when the caller passes no current items. */
function proposedPlan(report: AfterActionReport, locale: ReportLocale): ImprovementPlanRow[] {
  const organisationName = organisationNames(report, locale);
  const contactNames = new Map(
    report.measures.contactsBounced.map((contact) => [contact.contactId, contact.name]),
  );
  const componentNames = new Map(
    report.measures.responsibilityGaps.map((gap) => [gap.componentId, gap.componentName]),
  );
  return report.improvementPlan.map((proposal) => {
    let linkLabel: string | null = null;
    if (proposal.linkId !== null) {
      if (proposal.linkKind === ImprovementLinkKind.CONTACT)
        linkLabel = contactNames.get(proposal.linkId) ?? null;
      if (proposal.linkKind === ImprovementLinkKind.ORGANISATION)
        linkLabel = organisationName(proposal.linkId);
      if (proposal.linkKind === ImprovementLinkKind.COMPONENT)
        linkLabel = componentNames.get(proposal.linkId) ?? null;
    }
    return {
      title: proposal.title,
      ownerName:
        proposal.ownerOrganisationId === null ? null : organisationName(proposal.ownerOrganisationId),
      dueDate: null,
      status: ImprovementStatus.OPEN,
      linkKind: proposal.linkKind,
      linkLabel,
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------------

/**
 * Escapes one line of text for Markdown: every character with inline meaning is backslash-escaped
 * (CommonMark allows it before any ASCII punctuation), and what would open a block at the start of
 * a line (a heading, a list item, a quote, a thematic break) is escaped too.
 */
function markdownLine(line: string): string {
  const inline = line.replace(/[\\`*_{}[\]<>|~&!]/g, (character) => `\\${character}`);
  return inline.replace(/^(\s*)([#>+\-=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** Multi-line text for a paragraph or a list item: each line escaped, lines kept as hard breaks. */
function markdownText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => markdownLine(line.trim()))
    .filter((line) => line.length > 0)
    .join('  \n');
}

/** Text for a table cell: one line (line breaks become `<br>`), pipes escaped. */
function markdownCell(cell: string | Cell): string {
  const text = typeof cell === 'string' ? cell : cell.text;
  const lines = text.split(/\r\n|\r|\n/).map((line) => markdownLine(line.trim()));
  const joined = lines.filter((line) => line.length > 0).join('<br>');
  return joined.length > 0 ? joined : ' ';
}

function markdownTable(head: string[], rows: (string | Cell)[][]): string {
  const line = (cells: (string | Cell)[]): string => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(head), `|${head.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

function toMarkdown(blocks: Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'banner':
        out.push(`> **${markdownLine(block.title)}**  \n> ${markdownLine(block.text)}`);
        break;
      case 'heading':
        out.push(`${'#'.repeat(block.level)} ${markdownLine(block.text)}`);
        break;
      case 'paragraph':
        out.push(markdownText(block.text));
        break;
      case 'facts':
        out.push(
          block.rows
            .map(([label, value]) => `- **${markdownLine(label)}**: ${markdownCell(value)}`)
            .join('\n'),
        );
        break;
      case 'list':
        out.push(
          block.items.length === 0
            ? markdownLine(block.empty)
            : block.items.map((item) => `- ${markdownText(item).replace(/\n/g, '\n  ')}`).join('\n'),
        );
        break;
      case 'table':
        out.push(
          block.rows.length === 0 && block.empty !== undefined
            ? markdownLine(block.empty)
            : markdownTable(block.head, block.rows),
        );
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------------

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, system-ui, sans-serif;
  color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 210mm; padding: 16px 24px; line-height: 1.55; font-size: 14px; }
.banner { border: 3px solid #b00020; color: #b00020; padding: 8px 12px; margin: 0 0 16px; text-align: center; }
.banner strong { display: block; font-size: 22px; letter-spacing: 0.2em; }
h1 { font-size: 22px; margin: 8px 0 12px; }
h2 { font-size: 18px; border-bottom: 2px solid #333; padding-bottom: 2px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0; white-space: pre-wrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13px; }
th, td { border: 1px solid #999; padding: 4px 6px; text-align: left; vertical-align: top; white-space: pre-wrap; }
th { background: #eee; white-space: nowrap; }
ul { margin: 6px 0; padding-left: 22px; }
li { margin: 2px 0; white-space: pre-wrap; }
.empty, .muted { color: #666; }
.alert { color: #b00020; font-weight: bold; }
.rating { font-weight: bold; }
.rating-P { background: #e3f4e1; }
.rating-S { background: #f3f6d8; }
.rating-M { background: #fde9cf; }
.rating-U { background: #f9d9dc; }
.action-MISSED { color: #b00020; }
.action-PARTIALLY_MET { color: #8a5a00; }
@page { size: A4; margin: 15mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .banner { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  th, .rating { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, li, dl.facts { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
`;

function htmlCell(cell: string | Cell, tag: 'td' | 'th'): string {
  if (typeof cell === 'string') return `<${tag}>${escapeHtml(cell)}</${tag}>`;
  const className = cell.className ? ` class="${escapeHtml(cell.className)}"` : '';
  return `<${tag}${className}>${escapeHtml(cell.text)}</${tag}>`;
}

function toHtml(blocks: Block[], locale: ReportLocale): string {
  const title = blocks.find(
    (block): block is Extract<Block, { kind: 'heading' }> => block.kind === 'heading',
  );
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'banner':
        return `<div class="banner" role="note"><strong>${escapeHtml(block.title)}</strong>${escapeHtml(block.text)}</div>`;
      case 'heading':
        return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
      case 'paragraph':
        return `<p>${escapeHtml(block.text)}</p>`;
      case 'facts':
        return `<dl class="facts">${block.rows
          .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
          .join('')}</dl>`;
      case 'list':
        return block.items.length === 0
          ? `<p class="empty">${escapeHtml(block.empty)}</p>`
          : `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
      case 'table':
        if (block.rows.length === 0 && block.empty !== undefined) {
          return `<p class="empty">${escapeHtml(block.empty)}</p>`;
        }
        return (
          `<table><thead><tr>${block.head.map((cell) => htmlCell(cell, 'th')).join('')}</tr></thead>` +
          `<tbody>${block.rows.map((row) => `<tr>${row.map((cell) => htmlCell(cell, 'td')).join('')}</tr>`).join('\n')}</tbody></table>`
        );
    }
  });
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    // Nothing but the inline style may load: the report carries text typed by many organisations.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title?.text ?? L.documentTitle[locale])}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
