import type { GuidelineRole } from '@renkei/directory/directory.enums';
import {
  ActionRating,
  ExerciseRole,
  type ExerciseStatus,
  ImprovementLinkKind,
  InjectState,
  ObjectiveRating,
  type ResponseKind,
} from './exercises.enums';
import type { ExpectedAction, ScenarioObjective } from './scenario-content';
import { maximum, median, percentile, roundToTenth, scoreObjective } from './scoring';

export interface Bilingual {
  ja: string;
  en: string;
}

/** Everything the after-action report is built from, read from the database in one go. */
export interface AfterActionInput {
  exercise: {
    id: string;
    title: string;
    description: string;
    status: ExerciseStatus;
    speed: number;
    scheduledAt: Date | null;
    startedAt: Date | null;
    finishedAt: Date | null;
    scenario: {
      key: string;
      version: number;
      titleJa: string;
      titleEn: string;
      narrativeJa: string;
      narrativeEn: string;
    };
  };
  objectives: ScenarioObjective[];
  /** guidelineRoles: the organisation's guideline roles (to find who an expected action's byRoles names). */
  participants: {
    organisationId: string;
    nameJa: string;
    nameEn: string;
    role: ExerciseRole;
    guidelineRoles: GuidelineRole[];
  }[];
  injects: {
    id: string;
    key: string;
    sequence: number;
    offsetSeconds: number;
    titleJa: string;
    titleEn: string;
    state: InjectState;
    adHoc: boolean;
    acknowledgementRequired: boolean;
    sentAt: Date | null;
    sentAtExerciseSeconds: number | null;
    latenessMs: number | null;
    recipientOrganisationIds: string[];
    responsibilityGaps: { componentId: string; componentName: string; duty: string }[];
    expectedActions: ExpectedAction[];
  }[];
  /** Per inject × organisation alerted: alerting's engagement (first alerted, acknowledged). */
  engagements: {
    injectId: string;
    organisationId: string;
    firstAlertedAt: Date;
    acknowledgedAt: Date | null;
    acknowledgedBy: string | null;
  }[];
  /** Every alert of the drill incidents (to count escalations and find contacts that bounced). */
  alerts: {
    injectId: string;
    organisationId: string;
    contactId: string | null;
    contactName: string;
    state: string;
    purpose: string;
    stepIndex: number | null;
  }[];
  ratings: {
    injectId: string;
    actionKey: string;
    rating: ActionRating;
    note: string;
    evaluatorName: string;
  }[];
  objectiveRatings: { objectiveKey: string; rating: ObjectiveRating; note: string; evaluatorName: string }[];
  responses: {
    injectId: string | null;
    organisationId: string;
    authorName: string;
    kind: ResponseKind;
    text: string;
    exerciseSeconds: number;
    createdAt: Date;
  }[];
  events: {
    occurredAt: Date;
    exerciseSeconds: number;
    kind: string;
    message: string;
    organisationId: string | null;
  }[];
  /** The facilitator's own strengths and areas for improvement, added to the generated ones. */
  notes: { strengths: string[]; areasForImprovement: string[] };
}

export interface AcknowledgementRow {
  injectKey: string;
  sequence: number;
  alertedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** Wall-clock seconds from the first alert to the acknowledgement (null: never acknowledged). */
  secondsToAcknowledge: number | null;
  /** The same in exercise time (wall seconds × speed). */
  exerciseSecondsToAcknowledge: number | null;
}

export interface ImprovementProposal {
  /** Stable for the finding, so regenerating the report does not duplicate the plan's items. */
  findingKey: string;
  title: string;
  description: string;
  objectiveKey: string | null;
  ownerOrganisationId: string | null;
  linkKind: ImprovementLinkKind;
  linkId: string | null;
}

/** The HSEEP-shaped after-action report / improvement plan, stored as JSON on the exercise. */
export interface AfterActionReport {
  generatedAt: string;
  overview: {
    exerciseId: string;
    title: string;
    description: string;
    scenario: { key: string; version: number; title: Bilingual; narrative: Bilingual };
    speed: number;
    scheduledAt: string | null;
    startedAt: string | null;
    finishedAt: string | null;
    /** Wall seconds the exercise ran, and exercise seconds on the clock at the end. */
    durationSeconds: number | null;
    exerciseSecondsAtEnd: number | null;
    participants: { organisationId: string; name: Bilingual; role: ExerciseRole }[];
    injectsSent: number;
    injectsSkipped: number;
  };
  objectives: {
    key: string;
    text: Bilingual;
    checkSheetKeys: string[];
    /** The rating that counts: the evaluator's, else the one computed from the actions. */
    rating: ObjectiveRating;
    computedRating: ObjectiveRating;
    /** Weighted share of the expected actions met (partially met counts half), 0..1; null: none rated. */
    score: number | null;
    note: string;
    ratedBy: string | null;
    actions: {
      injectKey: string;
      actionKey: string;
      description: Bilingual;
      weight: number;
      rating: ActionRating | null;
      note: string;
      evaluatorName: string | null;
    }[];
  }[];
  strengths: Bilingual[];
  areasForImprovement: Bilingual[];
  timeline: {
    at: string;
    exerciseSeconds: number;
    kind: string;
    message: string;
    organisationId: string | null;
  }[];
  acknowledgements: {
    organisationId: string;
    name: Bilingual;
    rows: AcknowledgementRow[];
    acknowledged: number;
    unacknowledged: number;
    medianSecondsToAcknowledge: number | null;
    maxSecondsToAcknowledge: number | null;
  }[];
  measures: {
    escalationsTriggered: number;
    contactsBounced: { contactId: string | null; name: string; organisationId: string; injectKey: string }[];
    neverAnswered: { organisationId: string; injectKeys: string[] }[];
    responsibilityGaps: { injectKey: string; componentId: string; componentName: string; duty: string }[];
    responses: number;
    injectLatenessMs: { p50: number | null; p99: number | null; max: number | null };
  };
  improvementPlan: ImprovementProposal[];
}

// ---------------------------------------------------------------------------------------------------
// Building the report. Pure: everything comes from the input, and `now` only stamps it.
// ---------------------------------------------------------------------------------------------------

type InjectInput = AfterActionInput['injects'][number];
type ReportObjective = AfterActionReport['objectives'][number];
type OrganisationAcknowledgements = AfterActionReport['acknowledgements'][number];
type Measures = AfterActionReport['measures'];

/** RACI duties as the guideline's Japanese texts name them. */
const DUTY_LABEL: Record<string, Bilingual> = {
  RESPONSIBLE: { ja: '実行責任（R）', en: 'RESPONSIBLE' },
  ACCOUNTABLE: { ja: '説明責任（A）', en: 'ACCOUNTABLE' },
  CONSULTED: { ja: '協議先（C）', en: 'CONSULTED' },
  INFORMED: { ja: '報告先（I）', en: 'INFORMED' },
};

export function dutyLabel(duty: string): Bilingual {
  return DUTY_LABEL[duty] ?? { ja: duty, en: duty };
}

/** HSEEP rating letters with their meaning. */
export const OBJECTIVE_RATING_LABEL: Record<ObjectiveRating, Bilingual> = {
  P: { ja: '課題なく実施できた', en: 'Performed without challenges' },
  S: { ja: '一部に課題があったが実施できた', en: 'Performed with some challenges' },
  M: { ja: '重大な課題があった', en: 'Performed with major challenges' },
  U: { ja: '実施できなかった', en: 'Unable to be performed' },
};

export const ACTION_RATING_LABEL: Record<ActionRating, Bilingual> = {
  MET: { ja: '達成', en: 'Met' },
  PARTIALLY_MET: { ja: '一部達成', en: 'Partially met' },
  MISSED: { ja: '未達成', en: 'Missed' },
};

/**
 * A duration for prose and tables: `42.5秒` / `42.5 s`, `1分35秒` / `1 min 35 s`,
 * `1時間2分` / `1 h 2 min`. Null reads as a dash.
 */
export function formatDuration(seconds: number | null, locale: 'ja' | 'en'): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const value = Math.max(0, seconds);
  if (value < 60) {
    const tenth = roundToTenth(value);
    return locale === 'ja' ? `${tenth}秒` : `${tenth} s`;
  }
  const whole = Math.round(value);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return locale === 'ja' ? `${hours}時間${minutes}分` : `${hours} h ${minutes} min`;
  return locale === 'ja' ? `${minutes}分${rest}秒` : `${minutes} min ${rest} s`;
}

const both = (text: string): Bilingual => ({ ja: text, en: text });

function injectLabel(inject: Pick<InjectInput, 'sequence' | 'titleJa' | 'titleEn'>): Bilingual {
  return {
    ja: `状況付与${inject.sequence}「${inject.titleJa}」`,
    en: `inject ${inject.sequence} “${inject.titleEn}”`,
  };
}

const ratingKey = (injectId: string, actionKey: string): string => `${injectId}\u0000${actionKey}`;

/** The organisations an expected action names (its organisations, and players holding its roles). */
function organisationsExpectedToAct(
  action: ExpectedAction,
  inject: InjectInput,
  input: AfterActionInput,
): string[] {
  if (action.byRoles.length === 0 && action.byOrganisationIds.length === 0) {
    // Anyone may act: the organisations the inject reached.
    return [...new Set(inject.recipientOrganisationIds)];
  }
  const named = new Set(action.byOrganisationIds);
  for (const participant of input.participants) {
    if (participant.role !== ExerciseRole.PLAYER) continue;
    if (participant.guidelineRoles.some((role) => action.byRoles.includes(role)))
      named.add(participant.organisationId);
  }
  return [...named];
}

/**
 * The HSEEP after-action report of an exercise: overview, objectives rated from the evaluators'
 * action ratings (or the evaluator's own rating), time to acknowledge per organisation, measures,
 * strengths and areas for improvement (generated from the data, in Japanese and English, plus the
 * facilitator's notes), the timeline, and the improvement plan's proposals.
 */
export function buildAfterActionReport(input: AfterActionInput, now: Date): AfterActionReport {
  const injects = [...input.injects].sort(
    (a, b) => a.sequence - b.sequence || a.offsetSeconds - b.offsetSeconds,
  );
  const names = organisationNames(input);
  const objectives = buildObjectives(input, injects);
  const acknowledgements = buildAcknowledgements(input, injects, names);
  const measures = buildMeasures(input, injects, acknowledgements);
  const findings = buildFindings(input, injects, names, objectives, acknowledgements, measures);
  const { exercise } = input;
  return {
    generatedAt: now.toISOString(),
    overview: {
      exerciseId: exercise.id,
      title: exercise.title,
      description: exercise.description,
      scenario: {
        key: exercise.scenario.key,
        version: exercise.scenario.version,
        title: { ja: exercise.scenario.titleJa, en: exercise.scenario.titleEn },
        narrative: { ja: exercise.scenario.narrativeJa, en: exercise.scenario.narrativeEn },
      },
      speed: exercise.speed,
      scheduledAt: exercise.scheduledAt?.toISOString() ?? null,
      startedAt: exercise.startedAt?.toISOString() ?? null,
      finishedAt: exercise.finishedAt?.toISOString() ?? null,
      durationSeconds:
        exercise.startedAt && exercise.finishedAt
          ? Math.max(0, Math.round((exercise.finishedAt.getTime() - exercise.startedAt.getTime()) / 1000))
          : null,
      exerciseSecondsAtEnd: exerciseSecondsAtEnd(input),
      participants: input.participants.map((participant) => ({
        organisationId: participant.organisationId,
        name: { ja: participant.nameJa, en: participant.nameEn },
        role: participant.role,
      })),
      injectsSent: injects.filter((inject) => inject.state === InjectState.SENT).length,
      injectsSkipped: injects.filter((inject) => inject.state === InjectState.SKIPPED).length,
    },
    objectives,
    strengths: [...findings.strengths, ...input.notes.strengths.filter((note) => note.trim()).map(both)],
    areasForImprovement: [
      ...findings.areasForImprovement,
      ...input.notes.areasForImprovement.filter((note) => note.trim()).map(both),
    ],
    timeline: [...input.events]
      .sort(
        (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.exerciseSeconds - b.exerciseSeconds,
      )
      .map((event) => ({
        at: event.occurredAt.toISOString(),
        exerciseSeconds: event.exerciseSeconds,
        kind: event.kind,
        message: event.message,
        organisationId: event.organisationId,
      })),
    acknowledgements,
    measures,
    improvementPlan: findings.proposals,
  };
}

function organisationNames(input: AfterActionInput): (organisationId: string) => Bilingual {
  const names = new Map(
    input.participants.map((participant) => [
      participant.organisationId,
      { ja: participant.nameJa, en: participant.nameEn },
    ]),
  );
  return (organisationId) => names.get(organisationId) ?? both(organisationId);
}

/** The exercise clock at the end: the latest exercise time anything was recorded at. */
function exerciseSecondsAtEnd(input: AfterActionInput): number | null {
  const times = [
    ...input.events.map((event) => event.exerciseSeconds),
    ...input.responses.map((response) => response.exerciseSeconds),
    ...input.injects.flatMap((inject) =>
      inject.sentAtExerciseSeconds === null ? [] : [inject.sentAtExerciseSeconds],
    ),
  ];
  return maximum(times);
}

function buildObjectives(input: AfterActionInput, injects: InjectInput[]): ReportObjective[] {
  const ratings = new Map(
    input.ratings.map((rating) => [ratingKey(rating.injectId, rating.actionKey), rating]),
  );
  const overrides = new Map(input.objectiveRatings.map((rating) => [rating.objectiveKey, rating]));
  // A skipped inject was never played: its actions are no evidence either way.
  const played = injects.filter((inject) => inject.state !== InjectState.SKIPPED);
  return input.objectives.map((objective) => {
    const actions = played.flatMap((inject) =>
      inject.expectedActions
        .filter((action) => action.objectiveKey === objective.key)
        .map((action) => {
          const rating = ratings.get(ratingKey(inject.id, action.key));
          return {
            injectKey: inject.key,
            actionKey: action.key,
            description: { ja: action.descriptionJa, en: action.descriptionEn },
            weight: action.weight,
            rating: rating?.rating ?? null,
            note: rating?.note ?? '',
            evaluatorName: rating?.evaluatorName ?? null,
          };
        }),
    );
    const computed = scoreObjective(actions);
    const override = overrides.get(objective.key);
    return {
      key: objective.key,
      text: { ja: objective.textJa, en: objective.textEn },
      checkSheetKeys: [...objective.checkSheetKeys],
      rating: override?.rating ?? computed.rating,
      computedRating: computed.rating,
      score: computed.score === null ? null : Math.round(computed.score * 1000) / 1000,
      note: override?.note ?? '',
      ratedBy: override?.evaluatorName ?? null,
      actions,
    };
  });
}

/**
 * One row per organisation × inject that asked for acknowledgement and reached it: alerting's
 * engagement when there is one; an organisation the inject named but alerting could not alert (no
 * reachable contact) still gets its row, alerted when the inject went out and never acknowledged.
 */
function buildAcknowledgements(
  input: AfterActionInput,
  injects: InjectInput[],
  names: (organisationId: string) => Bilingual,
): OrganisationAcknowledgements[] {
  const rowsByOrganisation = new Map<string, AcknowledgementRow[]>();
  for (const inject of injects) {
    if (!inject.acknowledgementRequired) continue;
    const engagements = input.engagements.filter((engagement) => engagement.injectId === inject.id);
    if (inject.state !== InjectState.SENT && engagements.length === 0) continue;
    const organisationIds = [
      ...new Set([
        ...inject.recipientOrganisationIds,
        ...engagements.map((engagement) => engagement.organisationId),
      ]),
    ];
    for (const organisationId of organisationIds) {
      const own = engagements.filter((engagement) => engagement.organisationId === organisationId);
      const alertedAt = earliest(own.map((engagement) => engagement.firstAlertedAt)) ?? inject.sentAt;
      if (!alertedAt) continue;
      const acknowledgement = own
        .filter((engagement) => engagement.acknowledgedAt !== null)
        .sort((a, b) => a.acknowledgedAt!.getTime() - b.acknowledgedAt!.getTime())[0];
      const wallMs = acknowledgement
        ? Math.max(0, acknowledgement.acknowledgedAt!.getTime() - alertedAt.getTime())
        : null;
      const row: AcknowledgementRow = {
        injectKey: inject.key,
        sequence: inject.sequence,
        alertedAt: alertedAt.toISOString(),
        acknowledgedAt: acknowledgement?.acknowledgedAt?.toISOString() ?? null,
        acknowledgedBy: acknowledgement?.acknowledgedBy ?? null,
        secondsToAcknowledge: wallMs === null ? null : roundToTenth(wallMs / 1000),
        exerciseSecondsToAcknowledge:
          wallMs === null ? null : roundToTenth((wallMs / 1000) * input.exercise.speed),
      };
      rowsByOrganisation.set(organisationId, [...(rowsByOrganisation.get(organisationId) ?? []), row]);
    }
  }
  const order = [
    ...new Set([
      ...input.participants.map((participant) => participant.organisationId),
      ...rowsByOrganisation.keys(),
    ]),
  ];
  return order.flatMap((organisationId) => {
    const rows = rowsByOrganisation.get(organisationId);
    if (!rows) return [];
    const seconds = rows.flatMap((row) =>
      row.secondsToAcknowledge === null ? [] : [row.secondsToAcknowledge],
    );
    const middle = median(seconds);
    return [
      {
        organisationId,
        name: names(organisationId),
        rows,
        acknowledged: seconds.length,
        unacknowledged: rows.length - seconds.length,
        medianSecondsToAcknowledge: middle === null ? null : roundToTenth(middle),
        maxSecondsToAcknowledge: maximum(seconds),
      },
    ];
  });
}

function earliest(dates: Date[]): Date | null {
  return dates.reduce<Date | null>((first, date) => (first === null || date < first ? date : first), null);
}

function buildMeasures(
  input: AfterActionInput,
  injects: InjectInput[],
  acknowledgements: OrganisationAcknowledgements[],
): Measures {
  const injectsById = new Map(injects.map((inject) => [inject.id, inject]));
  const sequenceOf = (injectId: string): number =>
    injectsById.get(injectId)?.sequence ?? Number.MAX_SAFE_INTEGER;

  const bounced = new Map<string, Measures['contactsBounced'][number] & { sequence: number }>();
  for (const alert of input.alerts) {
    if (alert.state !== 'FAILED') continue;
    const contact = alert.contactId ?? `name:${alert.contactName}`;
    const key = `${alert.injectId}\u0000${alert.organisationId}\u0000${contact}`;
    if (bounced.has(key)) continue;
    bounced.set(key, {
      contactId: alert.contactId,
      name: alert.contactName,
      organisationId: alert.organisationId,
      injectKey: injectsById.get(alert.injectId)?.key ?? alert.injectId,
      sequence: sequenceOf(alert.injectId),
    });
  }

  const gaps = new Map<string, Measures['responsibilityGaps'][number]>();
  for (const inject of injects) {
    if (inject.state !== InjectState.SENT) continue;
    for (const gap of inject.responsibilityGaps) {
      gaps.set(`${inject.key}\u0000${gap.componentId}\u0000${gap.duty}`, { injectKey: inject.key, ...gap });
    }
  }

  const lateness = injects.flatMap((inject) => (inject.latenessMs === null ? [] : [inject.latenessMs]));
  const roundMs = (value: number | null): number | null => (value === null ? null : Math.round(value));
  return {
    escalationsTriggered: input.alerts.filter((alert) => alert.purpose === 'ESCALATION').length,
    contactsBounced: [...bounced.values()]
      .sort((a, b) => a.sequence - b.sequence || a.name.localeCompare(b.name))
      .map(({ sequence: _sequence, ...contact }) => contact),
    neverAnswered: acknowledgements
      .filter((organisation) => organisation.unacknowledged > 0)
      .map((organisation) => ({
        organisationId: organisation.organisationId,
        injectKeys: organisation.rows
          .filter((row) => row.acknowledgedAt === null)
          .map((row) => row.injectKey),
      })),
    responsibilityGaps: [...gaps.values()],
    responses: input.responses.length,
    injectLatenessMs: {
      p50: roundMs(percentile(lateness, 50)),
      p99: roundMs(percentile(lateness, 99)),
      max: maximum(lateness),
    },
  };
}

interface Findings {
  strengths: Bilingual[];
  areasForImprovement: Bilingual[];
  proposals: ImprovementProposal[];
}

/** Strengths, areas for improvement and improvement proposals read from the exercise's data. */
function buildFindings(
  input: AfterActionInput,
  injects: InjectInput[],
  names: (organisationId: string) => Bilingual,
  objectives: ReportObjective[],
  acknowledgements: OrganisationAcknowledgements[],
  measures: Measures,
): Findings {
  const strengths: Bilingual[] = [];
  const areas: Bilingual[] = [];
  const proposals: ImprovementProposal[] = [];
  const injectsByKey = new Map(injects.map((inject) => [inject.key, inject]));
  const speed = input.exercise.speed;
  /** `35 s` alone at speed 1; `35 s, 5 min 50 s in exercise time` faster. */
  const timeToAcknowledge = (seconds: number | null): Bilingual =>
    speed === 1 || seconds === null
      ? { ja: formatDuration(seconds, 'ja'), en: formatDuration(seconds, 'en') }
      : {
          ja: `${formatDuration(seconds, 'ja')}、演習時間で${formatDuration(seconds * speed, 'ja')}`,
          en: `${formatDuration(seconds, 'en')}, ${formatDuration(seconds * speed, 'en')} in exercise time`,
        };

  // Time to acknowledge.
  const allRows = acknowledgements.flatMap((organisation) => organisation.rows);
  const allSeconds = allRows.flatMap((row) =>
    row.secondsToAcknowledge === null ? [] : [row.secondsToAcknowledge],
  );
  if (allRows.length > 0 && allSeconds.length === allRows.length) {
    const middle = median(allSeconds);
    const rounded = middle === null ? null : roundToTenth(middle);
    const time = timeToAcknowledge(rounded);
    const inExercise = speed === 1 || rounded === null ? null : formatDuration(rounded * speed, 'en');
    strengths.push({
      ja: `参加した${acknowledgements.length}組織すべてがすべての状況付与に確認応答した（確認応答までの時間の中央値 ${time.ja}）`,
      en: `All ${acknowledgements.length} organisations acknowledged every inject; median time to acknowledge ${formatDuration(rounded, 'en')}${inExercise ? ` (${inExercise} in exercise time)` : ''}`,
    });
  } else {
    for (const organisation of acknowledgements) {
      if (organisation.unacknowledged > 0) continue;
      const time = timeToAcknowledge(organisation.medianSecondsToAcknowledge);
      strengths.push({
        ja: `${organisation.name.ja}はすべての状況付与（${organisation.rows.length}件）に確認応答した（中央値 ${time.ja}）`,
        en: `${organisation.name.en} acknowledged all ${organisation.rows.length} injects (median ${time.en})`,
      });
    }
  }
  for (const organisation of acknowledgements) {
    const silent = organisation.rows.filter((row) => row.acknowledgedAt === null);
    for (const row of silent) {
      const inject = injectsByKey.get(row.injectKey);
      const label = inject ? injectLabel(inject) : both(row.injectKey);
      areas.push({
        ja: `${organisation.name.ja}は${label.ja}に確認応答しなかった`,
        en: `${organisation.name.en} never acknowledged ${label.en}`,
      });
    }
    if (silent.length > 0) {
      const sequences = silent.map((row) => row.sequence).join(', ');
      proposals.push({
        findingKey: `silent:${organisation.organisationId}`,
        title: `${organisation.name.ja}: 状況付与への確認応答がなかった / ${organisation.name.en}: did not acknowledge injects`,
        description:
          `状況付与 ${sequences} に確認応答がなかった。連絡先、当番体制、エスカレーション方針を見直す。\n` +
          `Inject(s) ${sequences} were never acknowledged. Review the organisation's contacts, on-call cover and escalation policy.`,
        objectiveKey: null,
        ownerOrganisationId: organisation.organisationId,
        linkKind: ImprovementLinkKind.ORGANISATION,
        linkId: organisation.organisationId,
      });
    }
  }

  // Objectives.
  for (const objective of objectives) {
    const label = OBJECTIVE_RATING_LABEL[objective.rating];
    const text = {
      ja: `目標 ${objective.key}（${objective.text.ja}）: ${label.ja}（${objective.rating}）`,
      en: `Objective ${objective.key} (${objective.text.en}): ${label.en.toLowerCase()} (${objective.rating})`,
    };
    if (objective.rating === ObjectiveRating.P) strengths.push(text);
    else if (objective.score !== null || objective.ratedBy !== null) areas.push(text);
  }

  // Expected actions missed or partially met.
  const ratings = new Map(
    input.ratings.map((rating) => [ratingKey(rating.injectId, rating.actionKey), rating]),
  );
  for (const inject of injects) {
    if (inject.state === InjectState.SKIPPED) continue;
    for (const action of inject.expectedActions) {
      const rating = ratings.get(ratingKey(inject.id, action.key));
      if (!rating || rating.rating === ActionRating.MET) continue;
      const label = injectLabel(inject);
      const note = rating.note.trim();
      const missed = rating.rating === ActionRating.MISSED;
      areas.push({
        ja: `期待される行動「${action.descriptionJa}」（${label.ja}）: ${missed ? '未達成' : '一部達成'}${note ? ` — ${note}` : ''}`,
        en: `Expected action “${action.descriptionEn}” (${label.en}) ${missed ? 'missed' : 'partially met'}${note ? ` — ${note}` : ''}`,
      });
      if (!missed) continue;
      const expected = organisationsExpectedToAct(action, inject, input);
      proposals.push({
        findingKey: `missed:${inject.key}:${action.key}`,
        title: `期待される行動が未達成: ${action.descriptionJa} / Expected action missed: ${action.descriptionEn}`,
        description:
          `${label.ja}の後、${action.withinSeconds}秒（演習時間）以内に期待された行動が行われなかった。${note ? `評価者メモ: ${note}` : ''}\n` +
          `After ${label.en}, the action expected within ${action.withinSeconds} s of exercise time was not taken.${note ? ` Evaluator's note: ${note}` : ''}`,
        objectiveKey: action.objectiveKey,
        ownerOrganisationId: expected.length === 1 ? expected[0] : null,
        linkKind: ImprovementLinkKind.NONE,
        linkId: null,
      });
    }
  }

  // Contacts that could not be reached.
  const alertsSent = input.alerts.length;
  const bouncedByContact = new Map<
    string,
    { contact: Measures['contactsBounced'][number]; injectKeys: string[] }
  >();
  for (const contact of measures.contactsBounced) {
    const key = `${contact.organisationId}\u0000${contact.contactId ?? `name:${contact.name}`}`;
    const entry = bouncedByContact.get(key) ?? { contact, injectKeys: [] };
    entry.injectKeys.push(contact.injectKey);
    bouncedByContact.set(key, entry);
  }
  for (const { contact, injectKeys } of bouncedByContact.values()) {
    const organisation = names(contact.organisationId);
    const sequences = injectKeys.map((key) => injectsByKey.get(key)?.sequence ?? key).join(', ');
    areas.push({
      ja: `${organisation.ja}の連絡先「${contact.name}」に連絡できなかった（状況付与 ${sequences}）`,
      en: `Contact ${contact.name} of ${organisation.en} could not be reached (inject ${sequences})`,
    });
    proposals.push({
      findingKey: contact.contactId
        ? `bounced:${contact.contactId}`
        : `bounced:${contact.organisationId}:${contact.name}`,
      title: `連絡先に届かなかった: ${contact.name}（${organisation.ja}） / Contact could not be reached: ${contact.name} (${organisation.en})`,
      description:
        `状況付与 ${sequences} の通知がすべての経路で失敗した。メールアドレスや Webhook の宛先を確認し、連絡先を更新する。\n` +
        `The alerts of inject(s) ${sequences} failed on every channel. Check the email address or webhook endpoint and update the contact.`,
      objectiveKey: null,
      ownerOrganisationId: contact.organisationId,
      linkKind: contact.contactId ? ImprovementLinkKind.CONTACT : ImprovementLinkKind.ORGANISATION,
      linkId: contact.contactId ?? contact.organisationId,
    });
  }
  if (alertsSent > 0 && measures.contactsBounced.length === 0) {
    strengths.push({
      ja: `すべての連絡先に通知が届いた（通知 ${alertsSent}件）`,
      en: `Every contact was reached (${alertsSent} alerts)`,
    });
  }

  // Escalations.
  if (measures.escalationsTriggered > 0) {
    areas.push({
      ja: `確認応答が期限内になかったため、エスカレーションが${measures.escalationsTriggered}件発生した`,
      en: `${measures.escalationsTriggered} escalation${measures.escalationsTriggered === 1 ? ' was' : 's were'} needed because nobody acknowledged in time`,
    });
  } else if (allRows.length > 0 && allSeconds.length === allRows.length) {
    strengths.push({
      ja: 'エスカレーションを要さずに確認応答された',
      en: 'Every inject was acknowledged without an escalation',
    });
  }

  // Responsibility gaps (one finding per component × duty, whichever inject hit it).
  const gapsSeen = new Set<string>();
  for (const gap of measures.responsibilityGaps) {
    const key = `gap:${gap.componentId}:${gap.duty}`;
    if (gapsSeen.has(key)) continue;
    gapsSeen.add(key);
    const duty = dutyLabel(gap.duty);
    areas.push({
      ja: `責任分界の空白: 「${gap.componentName}」の${duty.ja}を持つ参加組織がない`,
      en: `Responsibility gap: no playing organisation holds ${duty.en} on ${gap.componentName}`,
    });
    proposals.push({
      findingKey: key,
      title: `責任分界の空白: ${gap.componentName}（${duty.ja}） / Responsibility gap: ${gap.componentName} (${duty.en})`,
      description:
        `「${gap.componentName}」の${duty.ja}を担う組織を責任分界表に定める。\n` +
        `Name the organisation that holds ${duty.en} on ${gap.componentName} in the responsibility map.`,
      objectiveKey: null,
      ownerOrganisationId: null,
      linkKind: ImprovementLinkKind.COMPONENT,
      linkId: gap.componentId,
    });
  }

  return { strengths, areasForImprovement: areas, proposals };
}
