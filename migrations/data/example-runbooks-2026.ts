/**
 * Renkei's example runbooks, edition 1 (2026), as migration 1796406348746-RunbookExamples ships them.
 * FROZEN: the migration that reads this file has run on installations already. To improve the
 * examples, add a new data file and a new migration that publishes a new version of each example.
 *
 * The ministry publishes no official procedures ("each case differs", public comments on v3.0);
 * these are examples written from the guideline (§3.2.2 インシデント対応①–⑤, §3.3.3 SOC/CSIRT,
 * Appendix B), the APPI (Art. 26) and JPCERT/CC's incident handling practice, for a city to copy
 * and adapt. Japanese is authoritative; English is a translation.
 */

export interface ExampleDecision {
  questionJa: string;
  questionEn: string;
  options: { labelJa: string; labelEn: string; nextStepKey: string | null }[];
}

export interface ExampleStep {
  key: string;
  titleJa: string;
  titleEn: string;
  instructionsJa: string;
  instructionsEn: string;
  assigneeKind: 'DUTY' | 'ROLE' | 'REPORTER';
  assigneeDuty?: 'RESPONSIBLE' | 'ACCOUNTABLE' | 'CONSULTED' | 'INFORMED';
  assigneeRole?: string;
  expectedMinutes: number;
  decision?: ExampleDecision;
  nextStepKey?: string;
  checkSheetKeys: string[];
  cpsfMeasureIds: string[];
  templateJa?: string;
  templateEn?: string;
}

export interface ExampleRunbook {
  key: string;
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  componentCategories: string[];
  incidentCategories: string[];
  incidentTypeIds: string[];
  severities: string[];
  steps: ExampleStep[];
}

const DAY = 24 * 60;

/** Minutes from step 6 (public notice) of the personal data runbook to a deadline counted from awareness. */
const PERSONAL_DATA_ELAPSED = 120 + 240 + 60 + 3 * DAY + 2 * DAY + DAY;

const EXAMPLE_NOTE_JA = '※ Renkei同梱の例です。国は公式手順を示していません。自市の体制に合わせて複製・修正してください。';
const EXAMPLE_NOTE_EN =
  'Note: an example shipped with Renkei; the ministry publishes no official procedure. Copy it and adapt it to your city.';

export const EXAMPLE_RUNBOOKS: ExampleRunbook[] = [
  {
    key: 'personal-data-leak',
    titleJa: '個人データの漏えい等への対応（個人情報保護法第26条の報告を含む）',
    titleEn: 'Personal data leak (including APPI Article 26 reporting)',
    summaryJa: `住民の個人データの漏えい・滅失・毀損（おそれを含む）が疑われるときの全体手順。事実確認、封じ込め、経営層への報告、個人情報保護委員会への速報（速やかに、目安3〜5日）と確報（30日以内、不正の目的によるおそれがある場合は60日以内）、本人通知、公表、事後レビューまで。委託先が委託元に通知した場合、委託先の報告義務は免除される。${EXAMPLE_NOTE_JA}`,
    summaryEn: `City-wide procedure when residents' personal data may have leaked, been lost or damaged: fact-finding, containment, briefing management, the preliminary report to the Personal Information Protection Commission (promptly, about 3–5 days) and the final report (within 30 days, 60 where the leak may be malicious), notifying data subjects, public notice and the review. A contractor that notifies the commissioning organisation is relieved of its own report. ${EXAMPLE_NOTE_EN}`,
    componentCategories: [],
    incidentCategories: ['DATA_BREACH', 'UNAUTHORIZED_ACCESS'],
    incidentTypeIds: ['INC-09', 'INC-21', 'INC-22'],
    severities: [],
    steps: [
      {
        key: 'initial-assessment',
        titleJa: '事実確認と漏えい範囲の特定',
        titleEn: 'Establish the facts and the scope of the leak',
        instructionsJa:
          '- 検知の経緯（SOCアラート、住民からの申告、委託先からの連絡）を記録する\n- 影響を受けたシステム・データ項目・本人の数（概数）を特定する\n- 要配慮個人情報、クレジットカード番号等の財産的被害のおそれがあるデータ、不正の目的によるおそれ、1,000人超のいずれかに該当するか（報告対象事態）を判断する\n- 判断の根拠をタイムラインに残す',
        instructionsEn:
          '- Record how it was detected (SOC alert, a resident, a contractor)\n- Identify the affected systems, data items and (roughly) how many people\n- Decide whether it is reportable: sensitive data, data that may cause financial loss (card numbers…), possibly malicious, or more than 1,000 people\n- Record the reasoning in the timeline',
        assigneeKind: 'DUTY',
        assigneeDuty: 'RESPONSIBLE',
        expectedMinutes: 120,
        decision: {
          questionJa: '個人データの漏えい等（おそれを含む）が確認されたか？',
          questionEn: 'Is a leak (or a possible leak) of personal data confirmed?',
          options: [
            { labelJa: 'はい', labelEn: 'Yes', nextStepKey: 'contain' },
            { labelJa: 'いいえ（誤検知）', labelEn: 'No (false positive)', nextStepKey: 'close-out' },
          ],
        },
        checkSheetKeys: ['IR-1', 'SVC-2-6', 'SVC-4-3'],
        cpsfMeasureIds: ['CPS.AE-3', 'CPS.AE-4'],
      },
      {
        key: 'contain',
        titleJa: '封じ込めと証拠保全',
        titleEn: 'Contain and preserve evidence',
        instructionsJa:
          '- 不正アクセス経路の遮断、該当アカウントの停止・パスワードリセット、公開設定の修正\n- ログ（アクセスログ、認証ログ、APIゲートウェイのログ）を改ざんできない場所に保全する\n- 委託先・クラウド事業者が保有するログの提供を依頼する（責任分界に基づく）',
        instructionsEn:
          '- Cut the access path, disable the accounts concerned or reset their passwords, fix exposed settings\n- Preserve logs (access, authentication, API gateway) where they cannot be altered\n- Ask contractors and the cloud provider for the logs they hold (per the responsibility boundaries)',
        assigneeKind: 'DUTY',
        assigneeDuty: 'RESPONSIBLE',
        expectedMinutes: 240,
        checkSheetKeys: ['SVC-4-3', 'COS-3-3', 'SVC-4-4'],
        cpsfMeasureIds: ['CPS.MI-1', 'CPS.AN-2'],
      },
      {
        key: 'brief-management',
        titleJa: '経営層・推進主体への第一報',
        titleEn: 'First briefing to management and the promotion body',
        instructionsJa: '重大なインシデントは速やかに経営層（CISO）へ報告する（インシデント対応③）。下記テンプレートを使う。',
        instructionsEn: 'Serious incidents reach management (the CISO) fast (IR③). Use the template below.',
        assigneeKind: 'DUTY',
        assigneeDuty: 'ACCOUNTABLE',
        expectedMinutes: 60,
        checkSheetKeys: ['IR-2', 'IR-3'],
        cpsfMeasureIds: ['CPS.RP-2'],
        templateJa:
          '## 第一報：{{incident.reference}}\n\n- 件名：{{incident.title}}\n- 深刻度：{{incident.severity}}／共有区分：{{incident.tlp}}\n- 個人情報：{{incident.personalDataInvolved}}\n- 報告日時：{{incident.reportedAt}}\n\n### 判明している事実\n\n### 実施済みの対応\n\n### 今後の予定と判断を要する事項\n',
        templateEn:
          '## First briefing: {{incident.reference}}\n\n- Title: {{incident.title}}\n- Severity: {{incident.severity}} / sharing: {{incident.tlp}}\n- Personal data: {{incident.personalDataInvolved}}\n- Reported: {{incident.reportedAt}}\n\n### Facts known\n\n### Actions taken\n\n### Next steps and decisions needed\n',
      },
      {
        key: 'ppc-preliminary',
        titleJa: '個人情報保護委員会への速報（法第26条）',
        titleEn: 'Preliminary report to the PPC (APPI Art. 26)',
        instructionsJa:
          '報告対象事態を知った時点から速やか（目安3〜5日以内）に、個人情報保護委員会へ速報する（委員会のWebフォーム）。委託先は委託元へ通知すれば自らの報告は不要。その時点で判明している事項のみでよい。',
        instructionsEn:
          'Report promptly (about 3–5 days from becoming aware) to the Personal Information Protection Commission through its web form. A contractor that notifies the commissioning organisation need not report itself. What is known at the time is enough.',
        assigneeKind: 'DUTY',
        assigneeDuty: 'ACCOUNTABLE',
        expectedMinutes: 3 * DAY,
        checkSheetKeys: ['GOV-1-8', 'IR-3'],
        cpsfMeasureIds: ['CPS.RP-2', 'CPS.CO-1'],
        templateJa:
          '## 個人データの漏えい等に関する報告（速報）\n\n- 事案番号：{{incident.reference}}\n- 概要：{{incident.title}}\n- 発覚日時：{{incident.detectedAt}}\n\n1. 概要\n2. 漏えい等が発生し、又は発生したおそれがある個人データの項目\n3. 本人の数\n4. 原因\n5. 二次被害又はそのおそれの有無及びその内容\n6. 本人への対応の実施状況\n7. 公表の実施状況\n8. 再発防止のための措置\n9. その他参考となる事項\n',
        templateEn:
          '## Report of a personal data breach (preliminary)\n\n- Case: {{incident.reference}}\n- Summary: {{incident.title}}\n- Detected: {{incident.detectedAt}}\n\n1. Overview\n2. Items of personal data leaked or possibly leaked\n3. Number of people\n4. Cause\n5. Secondary damage, actual or possible\n6. What has been done for the people concerned\n7. Public announcement\n8. Measures against recurrence\n9. Other relevant matters\n',
      },
      {
        key: 'notify-subjects',
        titleJa: '本人への通知',
        titleEn: 'Notify the data subjects',
        instructionsJa:
          '当該事態の状況に応じて速やかに本人へ通知する（法第26条第2項）。通知が困難な場合は公表等の代替措置をとる。二次被害（フィッシング等）への注意喚起を含める。',
        instructionsEn:
          'Notify the people concerned promptly as the situation allows (Art. 26(2)); where that is impossible, use an alternative such as public notice. Warn about secondary harm (phishing…).',
        assigneeKind: 'DUTY',
        assigneeDuty: 'ACCOUNTABLE',
        expectedMinutes: 2 * DAY,
        checkSheetKeys: ['GOV-3-3', 'IR-3'],
        cpsfMeasureIds: ['CPS.CO-1', 'CPS.CO-3'],
        templateJa:
          '件名：【重要】個人情報の取扱いに関するお知らせとお詫び（{{incident.reference}}）\n\nこのたび、{{incident.title}} により、お客様の個人情報が漏えいした（またはそのおそれがある）ことが判明しました。\n\n- 対象となる情報：\n- 判明日：{{incident.detectedAt}}\n- お客様へのお願い：不審なメール・SMSにご注意ください。パスワードを再設定してください。\n- お問い合わせ窓口：\n',
        templateEn:
          'Subject: Important notice about your personal information ({{incident.reference}})\n\nWe have found that your personal information was (or may have been) exposed: {{incident.title}}.\n\n- Information concerned:\n- Found on: {{incident.detectedAt}}\n- What we ask of you: beware of suspicious e-mails and SMS; reset your password.\n- Contact:\n',
      },
      {
        key: 'public-notice',
        titleJa: '公表と住民向け問い合わせ窓口の開設',
        titleEn: 'Public notice and a residents’ inquiry desk',
        instructionsJa:
          '推進主体として市民向けに状況を公表し、問い合わせ窓口を案内する（ガバナンス①-4、インシデント対応②）。関係主体の公表内容と整合させる。',
        instructionsEn:
          'As the promotion body, publish the situation for residents and the inquiry desk (GOV①-4, IR②), consistent with what the other parties publish.',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: DAY,
        decision: {
          questionJa: '不正の目的によるおそれ（不正アクセス等）がある事案か？',
          questionEn: 'May the leak be malicious (unauthorised access…)?',
          options: [
            { labelJa: 'はい：確報は60日以内', labelEn: 'Yes: final report within 60 days', nextStepKey: 'ppc-final-malicious' },
            { labelJa: 'いいえ：確報は30日以内', labelEn: 'No: final report within 30 days', nextStepKey: 'ppc-final' },
          ],
        },
        checkSheetKeys: ['GOV-1-4', 'IR-2', 'GOV-3-3'],
        cpsfMeasureIds: ['CPS.CO-1', 'CPS.CO-3'],
      },
      {
        key: 'ppc-final-malicious',
        titleJa: '個人情報保護委員会への確報（不正の目的：60日以内）',
        titleEn: 'Final report to the PPC (malicious: within 60 days)',
        instructionsJa: '不正の目的によるおそれがある事態は、知った日から60日以内に確報を提出する。速報の全項目を確定させる。',
        instructionsEn: 'Where the leak may be malicious, file the final report within 60 days of becoming aware, with every item of the preliminary report settled.',
        assigneeKind: 'DUTY',
        assigneeDuty: 'ACCOUNTABLE',
        expectedMinutes: 60 * DAY - PERSONAL_DATA_ELAPSED,
        nextStepKey: 'close-out',
        checkSheetKeys: ['GOV-1-8', 'IR-3'],
        cpsfMeasureIds: ['CPS.RP-2'],
      },
      {
        key: 'ppc-final',
        titleJa: '個人情報保護委員会への確報（30日以内）',
        titleEn: 'Final report to the PPC (within 30 days)',
        instructionsJa: '知った日から30日以内に確報を提出する。',
        instructionsEn: 'File the final report within 30 days of becoming aware.',
        assigneeKind: 'DUTY',
        assigneeDuty: 'ACCOUNTABLE',
        expectedMinutes: 30 * DAY - PERSONAL_DATA_ELAPSED,
        checkSheetKeys: ['GOV-1-8', 'IR-3'],
        cpsfMeasureIds: ['CPS.RP-2'],
      },
      {
        key: 'close-out',
        titleJa: '記録の整理と事後レビュー',
        titleEn: 'Close the record and hold the review',
        instructionsJa: '対応記録を整理し、関係主体と事後レビューを行い、手順・連絡先・責任分担・訓練シナリオの改善点を登録する（インシデント対応⑤）。',
        instructionsEn: 'Tidy the record, hold the post-incident review with the parties, and register what to change in procedures, contacts, responsibilities and drills (IR⑤).',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: DAY,
        checkSheetKeys: ['IR-5'],
        cpsfMeasureIds: ['CPS.IM-1', 'CPS.IM-2'],
      },
    ],
  },
  {
    key: 'ransomware-city-os',
    titleJa: '都市OSのランサムウェア感染への対応',
    titleEn: 'Ransomware on the city OS',
    summaryJa: `都市OS（データ連携基盤・認証基盤等）でのランサムウェア感染時の手順。隔離、影響を受けるサービス提供者への連絡、バックアップの健全性確認、復旧、データ持ち出しの確認。${EXAMPLE_NOTE_JA}`,
    summaryEn: `Ransomware on the city OS (data platform, identity platform…): isolate, tell the services that depend on it, check the backups are clean, restore, and check for data theft. ${EXAMPLE_NOTE_EN}`,
    componentCategories: ['CITY_OS'],
    incidentCategories: ['RANSOMWARE', 'MALWARE'],
    incidentTypeIds: ['INC-03', 'INC-25'],
    severities: [],
    steps: [
      {
        key: 'isolate',
        titleJa: '感染端末・サーバのネットワーク隔離',
        titleEn: 'Isolate infected hosts from the network',
        instructionsJa: '電源は切らずにネットワークから切り離す（メモリ上の証拠を残す）。閉域網・管理用端末経由の横展開を止める。',
        instructionsEn: 'Disconnect, do not power off (keep evidence in memory). Stop lateral movement through the private network and admin terminals.',
        assigneeKind: 'DUTY',
        assigneeDuty: 'RESPONSIBLE',
        expectedMinutes: 60,
        checkSheetKeys: ['COS-2-3', 'SVC-4-4'],
        cpsfMeasureIds: ['CPS.MI-1', 'CPS.AC-7'],
      },
      {
        key: 'csirt-command',
        titleJa: 'CSIRTによる対応指揮と関係主体の招集',
        titleEn: 'CSIRT takes command and convenes the parties',
        instructionsJa: '推進主体のCSIRTが指揮をとり、都市OSベンダ、クラウド事業者、SOC、依存するサービス提供者を招集する（§3.3.3）。',
        instructionsEn: 'The promotion body’s CSIRT takes command and convenes the city-OS vendor, the cloud provider, the SOC and the dependent service providers (§3.3.3).',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: 60,
        checkSheetKeys: ['IR-1', 'IR-2'],
        cpsfMeasureIds: ['CPS.AE-2', 'CPS.RP-2'],
      },
      {
        key: 'notify-services',
        titleJa: '依存サービスへの影響連絡',
        titleEn: 'Tell the dependent services',
        instructionsJa: 'データ連携が止まるサービス（防災、決済等）に影響と見込みを伝え、各社の業務継続手順の発動を依頼する。',
        instructionsEn: 'Tell services whose data linkage stops (disaster prevention, payments…) the impact and the outlook; ask them to start their continuity procedures.',
        assigneeKind: 'DUTY',
        assigneeDuty: 'ACCOUNTABLE',
        expectedMinutes: 60,
        checkSheetKeys: ['IR-2', 'GOV-1-5'],
        cpsfMeasureIds: ['CPS.RP-3', 'CPS.CO-3'],
        templateJa:
          '【{{incident.reference}}】都市OSの障害に関するお知らせ\n\n都市OSでセキュリティインシデント（{{incident.title}}）が発生し、データ連携を停止しています。\n- 影響：\n- 復旧見込み：\n- 貴社へのお願い：業務継続計画に基づく代替運用への切替\n',
        templateEn:
          '[{{incident.reference}}] City OS outage\n\nA security incident on the city OS ({{incident.title}}) has stopped data linkage.\n- Impact:\n- Expected recovery:\n- We ask you to: switch to your continuity arrangements\n',
      },
      {
        key: 'forensics',
        titleJa: '侵入経路とデータ持ち出しの調査',
        titleEn: 'Investigate the way in and any data theft',
        instructionsJa: 'ログ・EDRの記録から侵入経路、暗号化範囲、外部送信の有無を調べる。二重恐喝（データ公開の脅迫）に備える。',
        instructionsEn: 'From logs and EDR, find the way in, what was encrypted and whether data left. Prepare for double extortion.',
        assigneeKind: 'ROLE',
        assigneeRole: 'SECURITY_SERVICE_PROVIDER',
        expectedMinutes: 8 * 60,
        decision: {
          questionJa: '個人データの持ち出し（おそれを含む）があるか？',
          questionEn: 'Was personal data taken (or may it have been)?',
          options: [
            { labelJa: 'いいえ', labelEn: 'No', nextStepKey: 'restore' },
            { labelJa: 'はい：個人データ漏えいの手順も適用', labelEn: 'Yes: also apply the personal data leak runbook', nextStepKey: 'personal-data' },
          ],
        },
        checkSheetKeys: ['COS-3-3', 'COS-1-4'],
        cpsfMeasureIds: ['CPS.AN-2', 'CPS.AE-3'],
      },
      {
        key: 'personal-data',
        titleJa: '個人データ漏えい対応の開始',
        titleEn: 'Start the personal data leak procedure',
        instructionsJa: '「個人データの漏えい等への対応」ランブックをこのインシデントに適用する（個人情報保護委員会への報告期限が走り始める）。',
        instructionsEn: 'Apply the “Personal data leak” runbook to this incident (the PPC reporting clock is running).',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: 60,
        checkSheetKeys: ['GOV-1-8'],
        cpsfMeasureIds: ['CPS.RP-1'],
      },
      {
        key: 'restore',
        titleJa: 'バックアップの健全性確認と復旧',
        titleEn: 'Check the backups are clean, then restore',
        instructionsJa: 'オフライン・不変バックアップを感染前の時点から復元し、復元環境を脆弱性修正と認証情報の再発行後にのみ接続する。身代金は支払わない方針を確認する。',
        instructionsEn: 'Restore from offline/immutable backups taken before the infection; reconnect only after patching and reissuing credentials. Confirm the no-ransom policy.',
        assigneeKind: 'DUTY',
        assigneeDuty: 'RESPONSIBLE',
        expectedMinutes: 24 * 60,
        checkSheetKeys: ['COS-3-2', 'COS-4-3', 'GOV-1-5'],
        cpsfMeasureIds: ['CPS.CO-2', 'CPS.RP-3'],
      },
      {
        key: 'report-authorities',
        titleJa: '警察・所管省庁・JPCERT/CCへの届出',
        titleEn: 'Report to the police, the ministry and JPCERT/CC',
        instructionsJa: '被害届・相談（都道府県警察サイバー犯罪相談窓口）、所管省庁への報告、JPCERT/CCへのインシデント報告を行う。',
        instructionsEn: 'File with the prefectural police cybercrime desk, report to the competent ministry and to JPCERT/CC.',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: 24 * 60,
        checkSheetKeys: ['IR-2', 'GOV-1-8'],
        cpsfMeasureIds: ['CPS.RP-2'],
        templateJa: 'インシデント報告：{{incident.reference}}（{{incident.title}}）\n- 発生・検知日時：{{incident.detectedAt}}\n- 種別：ランサムウェア\n- 被害の状況：\n- 攻撃者からの連絡の有無：\n',
        templateEn: 'Incident report: {{incident.reference}} ({{incident.title}})\n- Detected: {{incident.detectedAt}}\n- Type: ransomware\n- Damage:\n- Contact from the attackers:\n',
      },
      {
        key: 'review',
        titleJa: '事後レビュー',
        titleEn: 'Post-incident review',
        instructionsJa: 'バックアップ・隔離手順・連絡の遅れを振り返り、改善を登録する。',
        instructionsEn: 'Review backups, isolation and delays in contact; register improvements.',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: 2 * DAY,
        checkSheetKeys: ['IR-5', 'IR-4'],
        cpsfMeasureIds: ['CPS.IM-1', 'CPS.IM-2'],
      },
    ],
  },
  {
    key: 'iot-false-data',
    titleJa: 'IoT機器の乗っ取り・なりすましによる不正データ送信への対応',
    titleEn: 'Compromised IoT devices feeding false data',
    summaryJa: `センサー等のIoT機器が乗っ取られ、またはなりすまし端末が不正なデータを送信しているときの手順。データに基づく自動判断（防災アラート等）の停止、不正端末の特定と遮断、データの検証と訂正。${EXAMPLE_NOTE_JA}`,
    summaryEn: `IoT devices hijacked, or impostor devices, sending false data: stop automated decisions that use it (disaster alerts…), find and block the devices, verify and correct the data. ${EXAMPLE_NOTE_EN}`,
    componentCategories: ['ASSET'],
    incidentCategories: ['DATA_INTEGRITY', 'DEVICE_COMPROMISE'],
    incidentTypeIds: ['INC-01', 'INC-06', 'INC-12', 'INC-14', 'INC-17'],
    severities: [],
    steps: [
      {
        key: 'stop-automation',
        titleJa: 'データに基づく自動判断・自動配信の停止',
        titleEn: 'Stop automated decisions that use the data',
        instructionsJa: '誤ったアラート配信や制御を防ぐため、自動配信を止め、人による確認体制に切り替える（安全への影響を最優先）。',
        instructionsEn: 'Stop automatic alerts and control actions and switch to human confirmation (safety first).',
        assigneeKind: 'DUTY',
        assigneeDuty: 'RESPONSIBLE',
        expectedMinutes: 30,
        checkSheetKeys: ['SVC-4-4', 'DL-4'],
        cpsfMeasureIds: ['CPS.MI-1', 'CPS.CM-4'],
      },
      {
        key: 'identify-devices',
        titleJa: '不正データ送信元の特定',
        titleEn: 'Identify where the false data comes from',
        instructionsJa: 'ゲートウェイ・ネットワークサーバのログで送信元の機器ID・鍵・電波の状況を確認し、登録外端末や鍵漏えいを特定する。',
        instructionsEn: 'From gateway and network-server logs, check device ids, keys and radio conditions; find unregistered devices or leaked keys.',
        assigneeKind: 'ROLE',
        assigneeRole: 'IOT_DEVICE_VENDOR',
        expectedMinutes: 4 * 60,
        decision: {
          questionJa: '正規機器の乗っ取り（脆弱性悪用）か？',
          questionEn: 'Were genuine devices taken over (a vulnerability exploited)?',
          options: [
            { labelJa: 'いいえ：なりすまし端末', labelEn: 'No: impostor devices', nextStepKey: 'block' },
            { labelJa: 'はい：ファームウェアの修正が必要', labelEn: 'Yes: firmware must be fixed', nextStepKey: 'firmware' },
          ],
        },
        checkSheetKeys: ['AST-1-1', 'DL-2'],
        cpsfMeasureIds: ['CPS.AC-3', 'CPS.AE-3', 'CPS.DS-13'],
      },
      {
        key: 'firmware',
        titleJa: '修正ファームウェアの開発・配布',
        titleEn: 'Build and roll out fixed firmware',
        instructionsJa: '脆弱性を修正したファームウェアを検証し、段階的に配布する。配布完了まで影響機器のデータは隔離する。',
        instructionsEn: 'Test and roll out fixed firmware in stages; quarantine the devices’ data until done.',
        assigneeKind: 'ROLE',
        assigneeRole: 'IOT_DEVICE_VENDOR',
        expectedMinutes: 5 * DAY,
        checkSheetKeys: ['AST-1-2', 'SCM-3'],
        cpsfMeasureIds: ['CPS.RP-4', 'CPS.CM-7'],
      },
      {
        key: 'block',
        titleJa: '不正端末・漏えい鍵の遮断',
        titleEn: 'Block impostor devices and leaked keys',
        instructionsJa: '該当する機器IDと鍵を失効させ、ネットワークサーバで受信を拒否する。現地の機器の物理的確認を手配する。',
        instructionsEn: 'Revoke the device ids and keys and refuse them at the network server; arrange a physical check on site.',
        assigneeKind: 'DUTY',
        assigneeDuty: 'RESPONSIBLE',
        expectedMinutes: 2 * 60,
        checkSheetKeys: ['AST-2-2', 'AST-2-3', 'DL-2'],
        cpsfMeasureIds: ['CPS.AC-1', 'CPS.AC-8'],
      },
      {
        key: 'correct-data',
        titleJa: 'データの検証・訂正と利用者への連絡',
        titleEn: 'Verify and correct the data; tell its users',
        instructionsJa: '不正期間のデータに印を付けて訂正し、データ連携先（ダッシュボード、オープンデータ等）に通知する。',
        instructionsEn: 'Flag and correct data from the affected period; tell everyone it was shared with (dashboards, open data…).',
        assigneeKind: 'ROLE',
        assigneeRole: 'CITY_OS_VENDOR',
        expectedMinutes: 8 * 60,
        checkSheetKeys: ['DL-3', 'DL-4'],
        cpsfMeasureIds: ['CPS.DS-11', 'CPS.DS-14'],
        templateJa:
          '【{{incident.reference}}】データ訂正のお知らせ\n\n{{incident.title}} により、以下の期間のデータに誤りがありました。\n- 対象データ：\n- 期間：\n- 訂正後のデータの提供方法：\n',
        templateEn:
          '[{{incident.reference}}] Data correction\n\nBecause of {{incident.title}}, data for the period below was wrong.\n- Data:\n- Period:\n- Corrected data available at:\n',
      },
      {
        key: 'police',
        titleJa: '警察への相談',
        titleEn: 'Consult the police',
        instructionsJa: 'なりすまし・不正アクセスの疑いがあれば都道府県警察に相談する。',
        instructionsEn: 'Where impersonation or unauthorised access is suspected, consult the prefectural police.',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: DAY,
        checkSheetKeys: ['IR-2'],
        cpsfMeasureIds: ['CPS.RP-2'],
      },
      {
        key: 'review',
        titleJa: '事後レビュー',
        titleEn: 'Post-incident review',
        instructionsJa: '機器認証・データ検証・自動判断の停止手順を振り返る。',
        instructionsEn: 'Review device authentication, data verification and how automation was stopped.',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: 2 * DAY,
        checkSheetKeys: ['IR-5'],
        cpsfMeasureIds: ['CPS.IM-1'],
      },
    ],
  },
  {
    key: 'ddos-resident-service',
    titleJa: '住民向けサービスへのDDoS攻撃への対応',
    titleEn: 'DDoS on a resident service',
    summaryJa: `住民向けサービスやAPIゲートウェイへのDDoS攻撃時の手順。緩和策の発動、クラウド・回線事業者との連携、住民への周知、攻撃元情報の共有。${EXAMPLE_NOTE_JA}`,
    summaryEn: `DDoS on a resident service or the API gateway: mitigate, work with the cloud and network providers, tell residents, share attack data. ${EXAMPLE_NOTE_EN}`,
    componentCategories: ['SERVICE', 'CITY_OS'],
    incidentCategories: ['DENIAL_OF_SERVICE'],
    incidentTypeIds: ['INC-03', 'INC-04', 'INC-13'],
    severities: [],
    steps: [
      {
        key: 'confirm',
        titleJa: '攻撃の確認と影響範囲の把握',
        titleEn: 'Confirm the attack and its impact',
        instructionsJa: 'トラフィックの種類（L3/L4、L7）、送信元、影響を受けるサービスを確認する。',
        instructionsEn: 'Establish the kind of traffic (L3/L4, L7), sources and the services affected.',
        assigneeKind: 'ROLE',
        assigneeRole: 'SECURITY_SERVICE_PROVIDER',
        expectedMinutes: 30,
        checkSheetKeys: ['SVC-2-6', 'COS-1-4'],
        cpsfMeasureIds: ['CPS.AE-1', 'CPS.CM-1'],
      },
      {
        key: 'mitigate',
        titleJa: '緩和策の発動（WAF・レート制限・CDN）',
        titleEn: 'Mitigate (WAF, rate limits, CDN)',
        instructionsJa: 'WAFルール、レート制限、地域制限、DDoS防御サービスを発動する。正規利用者への影響を監視する。',
        instructionsEn: 'Turn on WAF rules, rate limits, geo-restrictions and the DDoS protection service; watch the effect on real users.',
        assigneeKind: 'DUTY',
        assigneeDuty: 'RESPONSIBLE',
        expectedMinutes: 60,
        decision: {
          questionJa: '緩和策で収まったか？',
          questionEn: 'Did mitigation hold?',
          options: [
            { labelJa: 'はい', labelEn: 'Yes', nextStepKey: 'inform-residents' },
            { labelJa: 'いいえ：上流での対策が必要', labelEn: 'No: upstream help needed', nextStepKey: 'upstream' },
          ],
        },
        checkSheetKeys: ['DL-6', 'SVC-4-4'],
        cpsfMeasureIds: ['CPS.MI-1', 'CPS.DS-6'],
      },
      {
        key: 'upstream',
        titleJa: 'クラウド・回線事業者による上流対策',
        titleEn: 'Upstream filtering by the cloud and network providers',
        instructionsJa: '責任分界に基づきクラウド事業者・回線事業者に上流フィルタリングを依頼し、必要に応じて別リージョンへ切り替える。',
        instructionsEn: 'Per the responsibility boundaries, ask the cloud and network providers to filter upstream; fail over to another region if needed.',
        assigneeKind: 'ROLE',
        assigneeRole: 'CITY_OS_VENDOR',
        expectedMinutes: 2 * 60,
        checkSheetKeys: ['COS-4-1', 'COS-4-3'],
        cpsfMeasureIds: ['CPS.RP-2', 'CPS.DP-1'],
      },
      {
        key: 'inform-residents',
        titleJa: '住民への周知',
        titleEn: 'Tell residents',
        instructionsJa: 'サービスの状況と代替手段（窓口・電話）を公式サイト・SNSで周知する。',
        instructionsEn: 'Publish the service status and alternatives (counter, phone) on the website and social media.',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: 60,
        checkSheetKeys: ['GOV-1-4', 'GOV-3-3'],
        cpsfMeasureIds: ['CPS.CO-1', 'CPS.CO-3'],
        templateJa: '【お知らせ】{{incident.title}}\n\n現在、サービスにつながりにくい状態が発生しています（{{incident.reference}}）。個人情報への影響は確認されていません。\n- 代替手段：\n- 次回更新予定：\n',
        templateEn: '[Notice] {{incident.title}}\n\nThe service is currently hard to reach ({{incident.reference}}). No impact on personal data has been found.\n- Alternatives:\n- Next update:\n',
      },
      {
        key: 'share-indicators',
        titleJa: '攻撃元情報のJPCERT/CC等への提供',
        titleEn: 'Share attack data with JPCERT/CC and others',
        instructionsJa: '攻撃元IP・時間帯・手法をJPCERT/CCや他の自治体と共有する（インシデント対応⑤）。',
        instructionsEn: 'Share source addresses, times and techniques with JPCERT/CC and other cities (IR⑤).',
        assigneeKind: 'ROLE',
        assigneeRole: 'SECURITY_SERVICE_PROVIDER',
        expectedMinutes: DAY,
        checkSheetKeys: ['IR-5', 'IR-2'],
        cpsfMeasureIds: ['CPS.RA-2'],
      },
      {
        key: 'review',
        titleJa: '恒久対策と事後レビュー',
        titleEn: 'Permanent fixes and review',
        instructionsJa: '恒久的なWAF設定・容量計画・冗長化を検討し、改善を登録する。',
        instructionsEn: 'Decide permanent WAF settings, capacity and redundancy; register improvements.',
        assigneeKind: 'DUTY',
        assigneeDuty: 'ACCOUNTABLE',
        expectedMinutes: 3 * DAY,
        checkSheetKeys: ['IR-5', 'COS-4-3'],
        cpsfMeasureIds: ['CPS.IM-1', 'CPS.IM-2'],
      },
    ],
  },
  {
    key: 'unauthorised-login-via-service',
    titleJa: '他サービス経由の都市OSへの不正ログインへの対応',
    titleEn: 'Unauthorised login to the city OS through another service',
    summaryJa: `連携サービスの認証情報の漏えいや脆弱性を足がかりに都市OS（認証基盤・API）へ不正ログインされた事案（§3.3の問題事例）。SOCが検知・通報し、CSIRTが指揮して関係主体を横断して対応する（§3.3.3）。${EXAMPLE_NOTE_JA}`,
    summaryEn: `Someone logged in to the city OS (identity platform, APIs) using a connected service’s leaked credentials or a flaw in it (a §3.3 problem case). The SOC detects and reports, the CSIRT commands the response across the parties (§3.3.3). ${EXAMPLE_NOTE_EN}`,
    componentCategories: ['CITY_OS', 'SERVICE'],
    incidentCategories: ['UNAUTHORIZED_ACCESS'],
    incidentTypeIds: ['INC-01', 'INC-22', 'INC-23'],
    severities: [],
    steps: [
      {
        key: 'soc-report',
        titleJa: 'SOCによる検知内容の通報',
        titleEn: 'The SOC reports what it detected',
        instructionsJa: '不審なログイン（通常と異なる接続元、大量の認証失敗、APIキーの異常利用）の根拠ログを添えてCSIRTへ通報する。',
        instructionsEn: 'Report to the CSIRT with the evidence: unusual sources, bursts of failed logins, API keys used oddly.',
        assigneeKind: 'REPORTER',
        expectedMinutes: 30,
        checkSheetKeys: ['COS-1-4', 'SVC-2-6'],
        cpsfMeasureIds: ['CPS.AE-3', 'CPS.DP-2'],
      },
      {
        key: 'csirt-triage',
        titleJa: 'CSIRTによるトリアージと入口サービスの特定',
        titleEn: 'CSIRT triage: which service was the way in',
        instructionsJa: '認証ログとAPIゲートウェイのログから、どの連携サービス（のアカウント・APIキー）が使われたかを特定する。責任分界に基づき担当主体を決める。',
        instructionsEn: 'From identity and gateway logs, find which connected service (account, API key) was used; decide who handles what per the boundaries.',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: 60,
        checkSheetKeys: ['IR-1', 'SCM-4', 'GOV-2-3'],
        cpsfMeasureIds: ['CPS.AE-4', 'CPS.RP-2'],
      },
      {
        key: 'revoke',
        titleJa: '認証情報の無効化とアクセス遮断',
        titleEn: 'Revoke credentials and block access',
        instructionsJa: '該当アカウント・トークン・APIキーを失効させ、接続元を遮断する。連携サービス側でもセッションを無効化する。',
        instructionsEn: 'Revoke the accounts, tokens and API keys concerned and block the sources; the connected service invalidates its sessions too.',
        assigneeKind: 'DUTY',
        assigneeDuty: 'RESPONSIBLE',
        expectedMinutes: 60,
        checkSheetKeys: ['COS-1-1', 'COS-1-2', 'DL-2'],
        cpsfMeasureIds: ['CPS.AC-1', 'CPS.AC-4', 'CPS.MI-1'],
      },
      {
        key: 'scope',
        titleJa: 'アクセスされたデータの調査',
        titleEn: 'Find what data was accessed',
        instructionsJa: '不正ログイン後に参照・取得されたデータを特定する。',
        instructionsEn: 'Establish which data was read or taken after the login.',
        assigneeKind: 'DUTY',
        assigneeDuty: 'RESPONSIBLE',
        expectedMinutes: 4 * 60,
        decision: {
          questionJa: '個人データへのアクセスがあったか？',
          questionEn: 'Was personal data accessed?',
          options: [
            { labelJa: 'はい：個人データ漏えいの手順も適用', labelEn: 'Yes: also apply the personal data leak runbook', nextStepKey: 'personal-data' },
            { labelJa: 'いいえ', labelEn: 'No', nextStepKey: 'harden' },
          ],
        },
        checkSheetKeys: ['COS-3-3', 'DL-3'],
        cpsfMeasureIds: ['CPS.AN-1', 'CPS.AN-2'],
      },
      {
        key: 'personal-data',
        titleJa: '個人データ漏えい対応の開始',
        titleEn: 'Start the personal data leak procedure',
        instructionsJa: '「個人データの漏えい等への対応」ランブックをこのインシデントに適用する。',
        instructionsEn: 'Apply the “Personal data leak” runbook to this incident.',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: 30,
        checkSheetKeys: ['GOV-1-8'],
        cpsfMeasureIds: ['CPS.RP-1'],
      },
      {
        key: 'harden',
        titleJa: '連携サービスと都市OSの認証強化',
        titleEn: 'Harden authentication between the service and the city OS',
        instructionsJa: '多要素認証、APIキーの権限最小化・ローテーション、接続元制限を行う。接続事業者の審査（ガバナンス②-4）を見直す。',
        instructionsEn: 'Multi-factor authentication, least-privilege and rotated API keys, source restrictions; revisit how connecting businesses are vetted (GOV②-4).',
        assigneeKind: 'ROLE',
        assigneeRole: 'CITY_OS_VENDOR',
        expectedMinutes: 3 * DAY,
        checkSheetKeys: ['COS-1-3', 'SVC-2-5', 'GOV-2-4'],
        cpsfMeasureIds: ['CPS.AC-6', 'CPS.AC-9'],
      },
      {
        key: 'stakeholder-notice',
        titleJa: '関係主体への経過共有',
        titleEn: 'Update the parties',
        instructionsJa: '連携する全サービス提供者に、経緯・実施した措置・各社に求める確認事項を共有する。',
        instructionsEn: 'Tell every connected service provider what happened, what was done and what each must check.',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: 2 * 60,
        checkSheetKeys: ['IR-2'],
        cpsfMeasureIds: ['CPS.CO-3'],
        templateJa:
          '【{{incident.reference}}】都市OSへの不正ログインに関する経過報告\n\n- 事案：{{incident.title}}\n- 深刻度：{{incident.severity}}\n- 実施した措置：\n- 各社にお願いする確認：自社が保有する都市OS用の認証情報・APIキーの棚卸しと再発行\n',
        templateEn:
          '[{{incident.reference}}] Update on the unauthorised login to the city OS\n\n- Case: {{incident.title}}\n- Severity: {{incident.severity}}\n- Measures taken:\n- Please check: inventory and reissue your city-OS credentials and API keys\n',
      },
      {
        key: 'review',
        titleJa: '事後レビュー',
        titleEn: 'Post-incident review',
        instructionsJa: '入口となったサービスの管理、検知までの時間、責任分界の曖昧さを振り返る。',
        instructionsEn: 'Review how the entry service was managed, time to detect, and unclear boundaries.',
        assigneeKind: 'ROLE',
        assigneeRole: 'PROMOTION_BODY',
        expectedMinutes: 2 * DAY,
        checkSheetKeys: ['IR-5', 'SCM-4'],
        cpsfMeasureIds: ['CPS.IM-1'],
      },
    ],
  },
];
