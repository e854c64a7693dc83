import { GuidelineRole } from '@renkei/directory/directory.enums';
import { type AfterActionInput, buildAfterActionReport } from '../after-action';
import { renderAfterActionHtml, renderAfterActionMarkdown } from '../after-action-render';
import {
  ActionRating,
  ExerciseRole,
  ExerciseStatus,
  ImprovementLinkKind,
  ImprovementStatus,
  InjectState,
  ObjectiveRating,
  ResponseKind,
} from '../exercises.enums';
import type { ExpectedAction } from '../scenario-content';

/** 2026-12-03 14:00:00 JST plus `seconds` of wall time. */
const at = (seconds: number): Date => new Date(Date.UTC(2026, 11, 3, 5, 0, 0) + seconds * 1000);
const HOSTILE = '<script>alert("x")</script> | table breaker';

const CITY = 'org-city';
const VENDOR = 'org-vendor';
const WATER = 'org-water';

function action(key: string, overrides: Partial<ExpectedAction>): ExpectedAction {
  return {
    key,
    descriptionJa: `行動 ${key}`,
    descriptionEn: `Action ${key}`,
    byRoles: [],
    byOrganisationIds: [],
    withinSeconds: 900,
    weight: 1,
    objectiveKey: null,
    ...overrides,
  };
}

function inject(
  sequence: number,
  overrides: Partial<AfterActionInput['injects'][number]>,
): AfterActionInput['injects'][number] {
  return {
    id: `inject-id-${sequence}`,
    key: `inj-${sequence}`,
    sequence,
    offsetSeconds: (sequence - 1) * 1800,
    titleJa: `状況 ${sequence}`,
    titleEn: `Situation ${sequence}`,
    state: InjectState.SENT,
    adHoc: false,
    acknowledgementRequired: true,
    sentAt: at((sequence - 1) * 180),
    sentAtExerciseSeconds: (sequence - 1) * 1800,
    latenessMs: 100,
    recipientOrganisationIds: [CITY, VENDOR, WATER],
    responsibilityGaps: [],
    expectedActions: [],
    ...overrides,
  };
}

const alert = (
  injectNumber: number,
  organisationId: string,
  contactId: string,
  contactName: string,
  state: string,
  purpose = 'INITIAL',
): AfterActionInput['alerts'][number] => ({
  injectId: `inject-id-${injectNumber}`,
  organisationId,
  contactId,
  contactName,
  state,
  purpose,
  stepIndex: purpose === 'ESCALATION' ? 1 : 0,
});

/**
 * A ten-times-speed drill of three playing organisations: the city (promotion body), its City OS
 * vendor and the water bureau. The water bureau never acknowledges inject 3, and its contact Tanaka
 * bounces on every alert.
 */
function drill(): AfterActionInput {
  return {
    exercise: {
      id: 'exercise-1',
      title: 'みなと市 ランサムウェア机上演習 2026',
      description: '推進主体・ベンダー・水道局の連絡体制を確認する。',
      status: ExerciseStatus.FINISHED,
      speed: 10,
      scheduledAt: at(-600),
      startedAt: at(0),
      finishedAt: at(600),
      scenario: {
        key: 'ransomware-city-os',
        version: 2,
        titleJa: '都市OSへのランサムウェア攻撃',
        titleEn: 'Ransomware on the City OS',
        narrativeJa: '都市OSのデータ連携基盤で不審な暗号化が見つかる。',
        narrativeEn: 'Suspicious encryption is found on the City OS data platform.',
      },
    },
    objectives: [
      {
        key: 'IR-2',
        textJa: '連絡体制が機能する',
        textEn: 'The contact chain works',
        checkSheetKeys: ['IR-2'],
      },
      {
        key: 'IR-4',
        textJa: '手順どおりに初動対応する',
        textEn: 'First response follows the runbook',
        checkSheetKeys: ['IR-4', 'IR-5'],
      },
    ],
    participants: [
      {
        organisationId: CITY,
        nameJa: 'みなと市',
        nameEn: 'Minato City',
        role: ExerciseRole.PLAYER,
        guidelineRoles: [GuidelineRole.PROMOTION_BODY],
      },
      {
        organisationId: VENDOR,
        nameJa: 'みなとデータ株式会社',
        nameEn: 'Minato Data',
        role: ExerciseRole.PLAYER,
        guidelineRoles: [GuidelineRole.CITY_OS_VENDOR, GuidelineRole.SERVICE_PROVIDER],
      },
      {
        organisationId: WATER,
        nameJa: 'みなと市水道局',
        nameEn: 'Minato Water | Sewerage',
        role: ExerciseRole.PLAYER,
        guidelineRoles: [GuidelineRole.SERVICE_PROVIDER],
      },
    ],
    injects: [
      // Given out of order: the report sorts by sequence.
      inject(3, {
        latenessMs: 2400,
        expectedActions: [
          action('isolate', { byRoles: [GuidelineRole.SERVICE_PROVIDER], weight: 3, objectiveKey: 'IR-4' }),
          action('press', { objectiveKey: null }),
        ],
      }),
      inject(1, {
        latenessMs: 120,
        expectedActions: [
          action('convene', { byRoles: [GuidelineRole.PROMOTION_BODY], weight: 2, objectiveKey: 'IR-2' }),
          action('preserve-logs', { byOrganisationIds: [VENDOR], objectiveKey: 'IR-4' }),
        ],
      }),
      inject(2, {
        latenessMs: 80,
        recipientOrganisationIds: [CITY, VENDOR],
        responsibilityGaps: [
          { componentId: 'component-portal', componentName: '市民ポータル', duty: 'RESPONSIBLE' },
        ],
        expectedActions: [
          action('first-report', { objectiveKey: 'IR-2' }),
          action('triage', { byOrganisationIds: [CITY], objectiveKey: 'IR-4' }),
        ],
      }),
      inject(4, {
        state: InjectState.SKIPPED,
        sentAt: null,
        sentAtExerciseSeconds: null,
        latenessMs: null,
        recipientOrganisationIds: [],
        responsibilityGaps: [
          { componentId: 'component-billing', componentName: '料金システム', duty: 'ACCOUNTABLE' },
        ],
        expectedActions: [action('restore', { objectiveKey: 'IR-4' })],
      }),
    ],
    engagements: [
      {
        injectId: 'inject-id-1',
        organisationId: CITY,
        firstAlertedAt: at(1),
        acknowledgedAt: at(31),
        acknowledgedBy: '佐藤',
      },
      {
        injectId: 'inject-id-1',
        organisationId: VENDOR,
        firstAlertedAt: at(1),
        acknowledgedAt: at(96.5),
        acknowledgedBy: 'Lee',
      },
      {
        injectId: 'inject-id-1',
        organisationId: WATER,
        firstAlertedAt: at(1),
        acknowledgedAt: at(46),
        acknowledgedBy: '鈴木',
      },
      {
        injectId: 'inject-id-2',
        organisationId: CITY,
        firstAlertedAt: at(180.5),
        acknowledgedAt: at(200.5),
        acknowledgedBy: '佐藤',
      },
      {
        injectId: 'inject-id-2',
        organisationId: VENDOR,
        firstAlertedAt: at(180.5),
        acknowledgedAt: at(240.5),
        acknowledgedBy: 'Lee',
      },
      {
        injectId: 'inject-id-3',
        organisationId: CITY,
        firstAlertedAt: at(361),
        acknowledgedAt: at(371),
        acknowledgedBy: '佐藤',
      },
      {
        injectId: 'inject-id-3',
        organisationId: VENDOR,
        firstAlertedAt: at(361),
        acknowledgedAt: at(401),
        acknowledgedBy: 'Lee',
      },
      {
        injectId: 'inject-id-3',
        organisationId: WATER,
        firstAlertedAt: at(361),
        acknowledgedAt: null,
        acknowledgedBy: null,
      },
    ],
    alerts: [
      alert(1, CITY, 'contact-sato', '佐藤', 'ACKNOWLEDGED'),
      alert(1, VENDOR, 'contact-lee', 'Lee', 'ACKNOWLEDGED'),
      alert(1, WATER, 'contact-suzuki', '鈴木', 'ACKNOWLEDGED'),
      alert(1, WATER, 'contact-tanaka', '田中', 'FAILED'),
      alert(2, CITY, 'contact-sato', '佐藤', 'ACKNOWLEDGED'),
      alert(2, VENDOR, 'contact-lee', 'Lee', 'ACKNOWLEDGED'),
      alert(3, CITY, 'contact-sato', '佐藤', 'ACKNOWLEDGED'),
      alert(3, VENDOR, 'contact-lee', 'Lee', 'ACKNOWLEDGED'),
      alert(3, WATER, 'contact-suzuki', '鈴木', 'SENT'),
      alert(3, WATER, 'contact-tanaka', '田中', 'FAILED'),
      alert(3, WATER, 'contact-tanaka', '田中', 'FAILED', 'REMINDER'),
      alert(3, WATER, 'contact-kimura', '木村', 'SENT', 'ESCALATION'),
    ],
    ratings: [
      {
        injectId: 'inject-id-1',
        actionKey: 'convene',
        rating: ActionRating.MET,
        note: '',
        evaluatorName: '評価者A',
      },
      {
        injectId: 'inject-id-1',
        actionKey: 'preserve-logs',
        rating: ActionRating.MISSED,
        note: HOSTILE,
        evaluatorName: '評価者A',
      },
      {
        injectId: 'inject-id-2',
        actionKey: 'first-report',
        rating: ActionRating.MET,
        note: '',
        evaluatorName: '評価者B',
      },
      {
        injectId: 'inject-id-2',
        actionKey: 'triage',
        rating: ActionRating.PARTIALLY_MET,
        note: '影響範囲の確認が遅れた',
        evaluatorName: '評価者B',
      },
      {
        injectId: 'inject-id-3',
        actionKey: 'isolate',
        rating: ActionRating.MISSED,
        note: '',
        evaluatorName: '評価者B',
      },
    ],
    objectiveRatings: [
      {
        objectiveKey: 'IR-4',
        rating: ObjectiveRating.U,
        note: '初動手順が共有されていない',
        evaluatorName: '評価者A',
      },
    ],
    responses: [
      {
        injectId: 'inject-id-1',
        organisationId: CITY,
        authorName: '佐藤',
        kind: ResponseKind.DECISION,
        text: 'CSIRTを招集',
        exerciseSeconds: 420,
        createdAt: at(42),
      },
      {
        injectId: 'inject-id-2',
        organisationId: VENDOR,
        authorName: 'Lee',
        kind: ResponseKind.ACTION,
        text: 'Notified the portal team',
        exerciseSeconds: 2300,
        createdAt: at(230),
      },
      {
        injectId: null,
        organisationId: WATER,
        authorName: '鈴木',
        kind: ResponseKind.MESSAGE,
        text: '状況を確認中',
        exerciseSeconds: 3900,
        createdAt: at(390),
      },
    ],
    events: [
      {
        occurredAt: at(600),
        exerciseSeconds: 6000,
        kind: 'FINISHED',
        message: '演習終了',
        organisationId: null,
      },
      { occurredAt: at(0), exerciseSeconds: 0, kind: 'STARTED', message: '演習開始', organisationId: null },
      {
        occurredAt: at(31),
        exerciseSeconds: 310,
        kind: 'ACKNOWLEDGED',
        message: HOSTILE,
        organisationId: CITY,
      },
      {
        occurredAt: at(180),
        exerciseSeconds: 1800,
        kind: 'INJECT_SENT',
        message: '状況付与2',
        organisationId: null,
      },
    ],
    notes: { strengths: ['連絡網の訓練は有意義だった'], areasForImprovement: [HOSTILE, '  '] },
  };
}

const generatedAt = at(900);

describe('buildAfterActionReport', () => {
  const report = buildAfterActionReport(drill(), generatedAt);

  it('summarises the exercise', () => {
    expect(report.generatedAt).toBe('2026-12-03T05:15:00.000Z');
    expect(report.overview).toMatchObject({
      exerciseId: 'exercise-1',
      speed: 10,
      startedAt: '2026-12-03T05:00:00.000Z',
      durationSeconds: 600,
      exerciseSecondsAtEnd: 6000,
      injectsSent: 3,
      injectsSkipped: 1,
      scenario: { key: 'ransomware-city-os', version: 2, title: { en: 'Ransomware on the City OS' } },
    });
    expect(report.overview.participants.map((participant) => participant.name.en)).toEqual([
      'Minato City',
      'Minato Data',
      'Minato Water | Sewerage',
    ]);
  });

  it('tabulates the time to acknowledge per organisation, in wall and exercise seconds', () => {
    const byOrganisation = Object.fromEntries(
      report.acknowledgements.map((entry) => [entry.organisationId, entry]),
    );
    expect(report.acknowledgements.map((entry) => entry.organisationId)).toEqual([CITY, VENDOR, WATER]);

    expect(
      byOrganisation[CITY].rows.map((row) => [
        row.injectKey,
        row.secondsToAcknowledge,
        row.exerciseSecondsToAcknowledge,
      ]),
    ).toEqual([
      ['inj-1', 30, 300],
      ['inj-2', 20, 200],
      ['inj-3', 10, 100],
    ]);
    expect(byOrganisation[CITY]).toMatchObject({
      acknowledged: 3,
      unacknowledged: 0,
      medianSecondsToAcknowledge: 20,
      maxSecondsToAcknowledge: 30,
    });

    expect(
      byOrganisation[VENDOR].rows.map((row) => [row.secondsToAcknowledge, row.exerciseSecondsToAcknowledge]),
    ).toEqual([
      [95.5, 955],
      [60, 600],
      [40, 400],
    ]);
    expect(byOrganisation[VENDOR]).toMatchObject({
      medianSecondsToAcknowledge: 60,
      maxSecondsToAcknowledge: 95.5,
    });
    expect(byOrganisation[VENDOR].rows[0]).toMatchObject({
      alertedAt: '2026-12-03T05:00:01.000Z',
      acknowledgedAt: '2026-12-03T05:01:36.500Z',
      acknowledgedBy: 'Lee',
    });

    // Inject 2 did not go to the water bureau; inject 3 it never acknowledged.
    expect(byOrganisation[WATER].rows).toEqual([
      expect.objectContaining({ injectKey: 'inj-1', sequence: 1, secondsToAcknowledge: 45 }),
      expect.objectContaining({
        injectKey: 'inj-3',
        sequence: 3,
        acknowledgedAt: null,
        acknowledgedBy: null,
        secondsToAcknowledge: null,
        exerciseSecondsToAcknowledge: null,
      }),
    ]);
    expect(byOrganisation[WATER]).toMatchObject({
      acknowledged: 1,
      unacknowledged: 1,
      medianSecondsToAcknowledge: 45,
      maxSecondsToAcknowledge: 45,
    });
  });

  it('rates objectives from the weighted actions, with the evaluator overriding', () => {
    const [contactChain, firstResponse] = report.objectives;
    expect(contactChain).toMatchObject({
      key: 'IR-2',
      score: 1,
      computedRating: 'P',
      rating: 'P',
      ratedBy: null,
    });
    expect(
      contactChain.actions.map((entry) => `${entry.injectKey}:${entry.actionKey}:${entry.rating}`),
    ).toEqual(['inj-1:convene:MET', 'inj-2:first-report:MET']);
    // (1 × 0 + 1 × 0.5 + 3 × 0) / 5: major challenges, since one action was partially met.
    expect(firstResponse).toMatchObject({
      key: 'IR-4',
      checkSheetKeys: ['IR-4', 'IR-5'],
      score: 0.1,
      computedRating: 'M',
      rating: 'U',
      note: '初動手順が共有されていない',
      ratedBy: '評価者A',
    });
    // The skipped inject's action is no evidence.
    expect(firstResponse.actions.map((entry) => entry.actionKey)).toEqual([
      'preserve-logs',
      'triage',
      'isolate',
    ]);
    expect(firstResponse.actions[1]).toMatchObject({
      rating: 'PARTIALLY_MET',
      note: '影響範囲の確認が遅れた',
      evaluatorName: '評価者B',
    });
  });

  it('measures escalations, bounces, silence, gaps, responses and lateness', () => {
    expect(report.measures).toEqual({
      escalationsTriggered: 1,
      contactsBounced: [
        { contactId: 'contact-tanaka', name: '田中', organisationId: WATER, injectKey: 'inj-1' },
        { contactId: 'contact-tanaka', name: '田中', organisationId: WATER, injectKey: 'inj-3' },
      ],
      neverAnswered: [{ organisationId: WATER, injectKeys: ['inj-3'] }],
      // The skipped inject's gap was never hit.
      responsibilityGaps: [
        {
          injectKey: 'inj-2',
          componentId: 'component-portal',
          componentName: '市民ポータル',
          duty: 'RESPONSIBLE',
        },
      ],
      responses: 3,
      // 80, 120, 2400: the 99th percentile interpolates 98% of the way from 120 to 2400.
      injectLatenessMs: { p50: 120, p99: 2354, max: 2400 },
    });
  });

  it('proposes one improvement per finding, owned by the organisation concerned', () => {
    const proposals = Object.fromEntries(
      report.improvementPlan.map((proposal) => [proposal.findingKey, proposal]),
    );
    expect(Object.keys(proposals).sort()).toEqual([
      'bounced:contact-tanaka',
      'gap:component-portal:RESPONSIBLE',
      'missed:inj-1:preserve-logs',
      'missed:inj-3:isolate',
      `silent:${WATER}`,
    ]);
    expect(proposals['bounced:contact-tanaka']).toMatchObject({
      ownerOrganisationId: WATER,
      linkKind: ImprovementLinkKind.CONTACT,
      linkId: 'contact-tanaka',
      objectiveKey: null,
    });
    expect(proposals[`silent:${WATER}`]).toMatchObject({
      ownerOrganisationId: WATER,
      linkKind: ImprovementLinkKind.ORGANISATION,
      linkId: WATER,
    });
    // Named by organisation: the vendor owns it.
    expect(proposals['missed:inj-1:preserve-logs']).toMatchObject({
      ownerOrganisationId: VENDOR,
      objectiveKey: 'IR-4',
      linkKind: ImprovementLinkKind.NONE,
      linkId: null,
    });
    // Named by a role two players hold: nobody in particular.
    expect(proposals['missed:inj-3:isolate']).toMatchObject({
      ownerOrganisationId: null,
      objectiveKey: 'IR-4',
    });
    expect(proposals['gap:component-portal:RESPONSIBLE']).toMatchObject({
      ownerOrganisationId: null,
      linkKind: ImprovementLinkKind.COMPONENT,
      linkId: 'component-portal',
    });
    expect(proposals['bounced:contact-tanaka'].title).toContain('田中');
    // Regenerating gives the same keys (the plan is not duplicated).
    expect(
      buildAfterActionReport(drill(), at(5000)).improvementPlan.map((proposal) => proposal.findingKey),
    ).toEqual(report.improvementPlan.map((proposal) => proposal.findingKey));
  });

  it('writes strengths and areas for improvement in both languages from the data and the notes', () => {
    const strengths = report.strengths.map((entry) => entry.en);
    const areas = report.areasForImprovement.map((entry) => entry.en);
    expect(strengths).toContain(
      'Minato City acknowledged all 3 injects (median 20 s, 3 min 20 s in exercise time)',
    );
    expect(strengths).toContain('Objective IR-2 (The contact chain works): performed without challenges (P)');
    expect(strengths).not.toContainEqual(expect.stringContaining('All 3 organisations'));
    expect(report.strengths).toContainEqual({
      ja: '連絡網の訓練は有意義だった',
      en: '連絡網の訓練は有意義だった',
    });

    expect(areas).toContain('Minato Water | Sewerage never acknowledged inject 3 “Situation 3”');
    expect(areas).toContain('Contact 田中 of Minato Water | Sewerage could not be reached (inject 1, 3)');
    expect(areas).toContain('Responsibility gap: no playing organisation holds RESPONSIBLE on 市民ポータル');
    expect(areas).toContain('1 escalation was needed because nobody acknowledged in time');
    expect(areas).toContainEqual(
      expect.stringMatching(/^Expected action “Action isolate” \(inject 3 “Situation 3”\) missed$/),
    );
    expect(areas).toContainEqual(expect.stringMatching(/^Expected action “Action triage” .* partially met/));
    expect(areas).toContain(
      'Objective IR-4 (First response follows the runbook): unable to be performed (U)',
    );
    expect(areas).toContain(HOSTILE);
    expect(areas).not.toContain('  ');

    const japanese = report.areasForImprovement.map((entry) => entry.ja);
    expect(japanese).toContain('みなと市水道局は状況付与3「状況 3」に確認応答しなかった');
    expect(japanese).toContain('責任分界の空白: 「市民ポータル」の実行責任（R）を持つ参加組織がない');
  });

  it('says so when every organisation acknowledged every inject', () => {
    const input = drill();
    input.engagements = input.engagements.map((engagement) =>
      engagement.acknowledgedAt === null
        ? { ...engagement, acknowledgedAt: at(381), acknowledgedBy: '鈴木' }
        : engagement,
    );
    input.alerts = input.alerts.filter((entry) => entry.purpose !== 'ESCALATION');
    const allAnswered = buildAfterActionReport(input, generatedAt);
    // 10, 20, 20, 30, 40, 45, 60, 95.5: the median is halfway between 30 and 40.
    expect(allAnswered.strengths[0]).toEqual({
      ja: '参加した3組織すべてがすべての状況付与に確認応答した（確認応答までの時間の中央値 35秒、演習時間で5分50秒）',
      en: 'All 3 organisations acknowledged every inject; median time to acknowledge 35 s (5 min 50 s in exercise time)',
    });
    expect(allAnswered.strengths.map((entry) => entry.en)).toContain(
      'Every inject was acknowledged without an escalation',
    );
    expect(allAnswered.measures.neverAnswered).toEqual([]);
    expect(allAnswered.improvementPlan.map((proposal) => proposal.findingKey)).not.toContain(
      `silent:${WATER}`,
    );
  });

  it('orders the timeline chronologically', () => {
    expect(report.timeline.map((event) => event.kind)).toEqual([
      'STARTED',
      'ACKNOWLEDGED',
      'INJECT_SENT',
      'FINISHED',
    ]);
    expect(report.timeline[1]).toEqual({
      at: '2026-12-03T05:00:31.000Z',
      exerciseSeconds: 310,
      kind: 'ACKNOWLEDGED',
      message: HOSTILE,
      organisationId: CITY,
    });
  });

  it('rates an objective no action evidences U, with no score', () => {
    const input = drill();
    input.ratings = [];
    input.objectiveRatings = [];
    const unrated = buildAfterActionReport(input, generatedAt);
    expect(unrated.objectives.map((objective) => [objective.key, objective.score, objective.rating])).toEqual(
      [
        ['IR-2', null, 'U'],
        ['IR-4', null, 'U'],
      ],
    );
    expect(unrated.improvementPlan.filter((proposal) => proposal.findingKey.startsWith('missed:'))).toEqual(
      [],
    );
  });
});

/** The cells of a Markdown table row, split on the pipes that are not escaped. */
const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());

describe('after-action report rendering', () => {
  const report = buildAfterActionReport(drill(), generatedAt);

  it('writes the Japanese Markdown with the HSEEP sections and the figures', () => {
    const markdown = renderAfterActionMarkdown(report, 'ja');
    for (const heading of [
      '訓練 / EXERCISE',
      '# 事後評価報告書・改善計画: みなと市 ランサムウェア机上演習 2026',
      '## 1 演習概要',
      '## 2 目標の分析',
      '## 3 強み',
      '## 4 改善すべき点',
      '## 5 確認応答までの時間',
      '## 6 測定値',
      '## 7 タイムライン',
      '## 付録A 改善計画',
    ]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain('| IR-2: 連絡体制が機能する | IR-2 | P — 課題なく実施できた | 100% |');
    expect(markdown).toContain('U — 実施できなかった (算出: M)');
    expect(markdown).toContain('| 3 (inj-3) | 2026-12-03 14:06:01 JST | 未応答 | — | — | — |');
    expect(markdown).toContain(
      '| 1 (inj-1) | 2026-12-03 14:00:01 JST | 2026-12-03 14:01:36 JST | Lee | 1分36秒 | 15分55秒 |',
    );
    expect(markdown).toContain('| T+00:05:10 | 2026-12-03 14:00:31 JST | ACKNOWLEDGED | みなと市 |');
    expect(markdown).toContain('p50 120 ms / p99 2354 ms / 最大 2400 ms');
    expect(markdown).toContain('- **発生したエスカレーション**: 1');
    // Appendix A from the proposals: the bounced contact, owned by the water bureau.
    const planRow = markdown.split('\n').find((line) => line.includes('連絡先に届かなかった'));
    expect(planRow && cells(planRow).slice(2)).toEqual(['みなと市水道局', '—', '未着手', '連絡先: 田中']);
  });

  it('escapes hostile text in Markdown', () => {
    const markdown = renderAfterActionMarkdown(report, 'en');
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('\\<script\\>');
    // A pipe in a name stays inside its cell.
    const participantRow = markdown.split('\n').find((line) => line.startsWith('| Minato Water'));
    expect(participantRow && cells(participantRow)).toEqual(['Minato Water \\| Sewerage', 'Player']);
    const timelineRow = markdown.split('\n').find((line) => line.startsWith('| T+00:05:10'));
    expect(timelineRow && cells(timelineRow)).toHaveLength(5);
    // A heading marker at the start of a note does not become a heading.
    const input = drill();
    input.notes.strengths = ['# not a heading\n- nor a list'];
    const escaped = renderAfterActionMarkdown(buildAfterActionReport(input, generatedAt), 'en');
    expect(escaped).toContain('- \\# not a heading  \n  \\- nor a list');
    expect(escaped).not.toMatch(/^# not a heading/m);
  });

  it('writes the English Markdown with the HSEEP sections and the figures', () => {
    const markdown = renderAfterActionMarkdown(report, 'en');
    for (const heading of [
      'EXERCISE / 訓練',
      '# After-Action Report / Improvement Plan',
      '## 1 Exercise overview',
      '## 2 Analysis of objectives',
      '## 3 Strengths',
      '## 4 Areas for improvement',
      '## 5 Time to acknowledge',
      '## 6 Measures',
      '## 7 Timeline',
      '## Appendix A Improvement plan',
    ]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain('| Minato Data | 3 | 0 | 1 min 0 s | 1 min 36 s |');
    expect(markdown).toContain('| Minato Water \\| Sewerage | 1 | 1 | 45 s | 45 s |');
    expect(markdown).toContain('U — Unable to be performed (computed: M)');
    expect(markdown).toContain('| T+01:40:00 | 2026-12-03 14:10:00 JST | FINISHED | — | 演習終了 |');
  });

  it('renders a standalone, printable, escaped HTML document', () => {
    const html = renderAfterActionHtml(report, 'ja');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('<h2>5 確認応答までの時間</h2>');
    expect(html).toContain('<strong>訓練 / EXERCISE</strong>');
    expect(html).toContain('<td class="rating rating-P">P — 課題なく実施できた</td>');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; | table breaker');
    // Nothing is loaded from elsewhere.
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).not.toMatch(/url\(|@import|https?:/);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('lists the improvement plan items it is given', () => {
    const items = [
      {
        title: 'Fix <b>contact</b> | 田中',
        ownerName: 'Minato Water | Sewerage',
        dueDate: '2027-01-31',
        status: ImprovementStatus.IN_PROGRESS,
        linkKind: ImprovementLinkKind.CONTACT,
        linkLabel: '田中',
      },
      {
        title: 'Write the first-response runbook',
        ownerName: null,
        dueDate: null,
        status: ImprovementStatus.OPEN,
        linkKind: ImprovementLinkKind.NONE,
        linkLabel: null,
      },
    ];
    const html = renderAfterActionHtml(report, 'en', { improvementPlan: items });
    expect(html).toContain(
      '<tr><td>1</td><td>Fix &lt;b&gt;contact&lt;/b&gt; | 田中</td><td>Minato Water | Sewerage</td><td>2027-01-31</td><td>In progress</td><td>Contact: 田中</td></tr>',
    );
    expect(html).toContain(
      '<td>Write the first-response runbook</td><td>Unassigned</td><td>—</td><td>Open</td><td>—</td>',
    );
    // The generated proposals are not listed when current items are given.
    expect(html).not.toContain('Responsibility gap: 市民ポータル (RESPONSIBLE)');

    const markdown = renderAfterActionMarkdown(report, 'ja', { improvementPlan: items });
    const row = markdown.split('\n').find((line) => line.startsWith('| 1 | Fix'));
    expect(row && cells(row)).toEqual([
      '1',
      'Fix \\<b\\>contact\\</b\\> \\| 田中',
      'Minato Water \\| Sewerage',
      '2027-01-31',
      '対応中',
      '連絡先: 田中',
    ]);
    expect(renderAfterActionMarkdown(report, 'en', { improvementPlan: [] })).toContain(
      'The improvement plan has no item.',
    );
  });
});
