import { EntityManager } from 'typeorm';
import { SelfAssessmentEntryEntity } from '@renkei/guideline/entities/self-assessment-entry.entity';
import { AssessmentStatus } from '@renkei/guideline/guideline.enums';
import { OrganisationKey, USERS, UserKey } from './demo-city.data';

const EDITION = '3.0';
const { IMPLEMENTED: DONE, PLANNED, NOT_APPLICABLE: NA } = AssessmentStatus;

/** [item key, status, 実装方法 (done) / 実装予定時期 (planned) / reason (N/A), evidence path] */
type Answer = [string, AssessmentStatus, string, string?];

/**
 * The demo organisations' answers to the check sheet (§4.2): a promotion body well advanced on
 * governance, a city-OS vendor and service providers part-way, a few items declared not applicable
 * with a reason, plans written the way the sheet writes them ("2026年度下期"). Unlisted items are
 * NOT_STARTED.
 */
const ANSWERS: Partial<Record<OrganisationKey, Answer[]>> = {
  city: [
    [
      'GOV-1-1',
      DONE,
      'みなと市スマートシティ情報セキュリティ基本方針（2025年4月制定）を推進協議会で承認',
      'policy/basic-policy.pdf',
    ],
    ['GOV-1-2', DONE, '対策基準を策定し、参加事業者向けに概要版を配布', 'policy/standards.pdf'],
    ['GOV-1-3', DONE, 'オープン／限定公開／クローズドの3区分でデータ取扱い基準を策定'],
    ['GOV-1-4', DONE, 'Renkeiのエスカレーションポリシーと市CSIRT運用手順で整備', 'csirt/procedure.pdf'],
    ['GOV-1-5', PLANNED, '2026年度下期'],
    ['GOV-1-6', DONE, '委託先評価チェックシート（ISMS認証の有無を含む）を調達時に使用'],
    ['GOV-1-7', DONE, '都市OS・主要3サービスを対象にリスクアセスメントを実施（2025年度）'],
    ['GOV-1-8', DONE, '個人情報保護法・市条例との整合を法務課が確認'],
    ['GOV-1-9', PLANNED, '2026年度上期'],
    ['GOV-2-1', DONE, '調達仕様書テンプレートにセキュリティ要件（別紙）を追加'],
    ['GOV-2-2', DONE, 'データ取扱い基準を委託契約・利用規約に反映'],
    ['GOV-2-3', DONE, '責任分界をRenkeiの責任マップと契約書別紙で明示'],
    ['GOV-2-4', PLANNED, '2027年度上期'],
    ['GOV-2-5', PLANNED, '2026年度下期'],
    ['GOV-3-1', PLANNED, '2026年度末'],
    ['GOV-3-3', DONE, '市ホームページでセキュリティに関するお知らせと問い合わせ窓口を公開'],
    ['SVC-1-1', NA, '推進主体は住民向けサービスを直接提供していない（各サービス提供者が実施）'],
    ['SCM-1', DONE, '委託先・再委託先一覧をRenkeiの組織間関係で管理'],
    ['SCM-2', PLANNED, '2026年度下期'],
    ['SCM-4', DONE, 'ステークホルダ毎の責任分界点を責任マップで明確化'],
    ['IR-1', DONE, '市CSIRTを設置し、責任マップで各主体の対応責任を明示', 'csirt/charter.pdf'],
    ['IR-2', DONE, '全関係主体のインシデント窓口・緊急連絡先をRenkeiで共有し四半期毎に確認'],
    ['IR-3', DONE, '市全体のインシデント対応手順を整備（各主体の手順は順次整備中）'],
    ['IR-4', PLANNED, '2026年度上期（全主体参加の机上演習）'],
    ['IR-5', DONE, 'JPCERT/CC・NISCの注意喚起を市CSIRTで収集し月次で共有'],
    ['DL-1', DONE, '連携先の評価をデータ連携申請時に実施'],
    ['DL-5', PLANNED, '2027年度上期'],
  ],
  cityOs: [
    ['COS-1-1', DONE, 'APIゲートウェイとWAFで外部からのアクセスを制御'],
    ['COS-1-2', DONE, '管理者権限を役割別に設定し、四半期毎に棚卸し'],
    ['COS-1-3', DONE, '管理画面に多要素認証を導入'],
    ['COS-1-4', DONE, 'セキュリティ監視をSOC事業者に委託（24時間365日）'],
    ['COS-2-1', DONE, 'セキュア開発標準に基づく設計レビューとリリース前診断'],
    ['COS-2-2', PLANNED, '2026年度上期（年次脆弱性診断の契約）'],
    ['COS-2-3', DONE, '運用端末をEDRで保護し、操作ログを取得'],
    ['COS-3-1', DONE, 'TLS1.2以上で通信を暗号化、保存データはディスク暗号化'],
    ['COS-3-2', DONE, '日次バックアップを別リージョンに保管'],
    ['COS-3-3', DONE, 'アクセスログ・操作ログを1年間保管'],
    ['COS-4-1', DONE, 'IaaS事業者との責任分界を責任共有モデルで確認'],
    ['COS-4-2', DONE, '国内リージョンのみを利用'],
    ['COS-4-3', PLANNED, '2027年度上期'],
    ['SCM-3', DONE, 'OSSの脆弱性情報をSBOMで管理'],
    ['IR-1', DONE, '都市OS運用チームにインシデント対応責任者を配置'],
    ['IR-2', DONE, '窓口・緊急連絡先をRenkeiに登録済み'],
    ['IR-3', PLANNED, '2026年度上期'],
    ['DL-2', DONE, 'OAuth 2.0のクライアント認証と同意範囲に基づく認可'],
    ['DL-3', DONE, 'データ提供APIのアクセスログを分析基盤に集約'],
    ['DL-4', PLANNED, '2027年度下期（電子署名の導入を検討）'],
    ['DL-6', DONE, 'APIは相互TLSとレート制限を適用'],
  ],
  bousai: [
    ['SVC-1-1', DONE, '防災ダッシュボードの資産と機能を特定しリスク評価を実施'],
    ['SVC-2-2', DONE, 'ダッシュボードは庁内閉域網からのみアクセス可'],
    ['SVC-2-4', NA, '利用者は市職員と消防のみで、住民の身元確認を要するサービスではない'],
    ['SVC-2-5', DONE, '市の共通IDでシングルサインオン'],
    ['SVC-3-2', PLANNED, '2026年度下期'],
    ['SVC-4-2', DONE, '計測値を日次でバックアップ'],
    ['IR-2', DONE, '窓口・緊急連絡先をRenkeiに登録済み'],
    ['IR-3', PLANNED, '2026年度上期'],
    ['DL-5', NA, '個人に関するデータを扱わない（水位計測値のみ）'],
  ],
  pay: [
    ['SVC-1-1', DONE, '決済・ポイント機能を中心にリスクアセスメントを実施'],
    ['SVC-2-1', DONE, '利用規約でポイントの不正取得・転売を禁止'],
    ['SVC-2-2', DONE, 'WAFとレート制限を導入'],
    ['SVC-2-3', DONE, '管理者権限を最小化し月次で棚卸し'],
    ['SVC-2-4', DONE, 'チャージ上限超過時にマイナンバーカードで本人確認'],
    ['SVC-2-5', DONE, '多要素認証（SMS・アプリ）'],
    ['SVC-2-6', DONE, '不正ログイン検知をSOCと連携'],
    ['SVC-3-1', DONE, 'リリース前にペネトレーションテストを実施'],
    ['SVC-3-2', PLANNED, '2026年度上期'],
    ['SVC-4-1', DONE, '通信はTLS、カード情報はトークン化'],
    ['SVC-4-3', DONE, '認証・決済ログを5年保管'],
    ['SVC-4-4', PLANNED, '2026年度下期（サイバー保険の加入を検討）'],
    ['SCM-2', DONE, '決済代行事業者のPCI DSS準拠を確認'],
    ['IR-2', DONE, '窓口・緊急連絡先をRenkeiに登録済み'],
    ['IR-3', DONE, '不正利用時の利用停止・返金手順を整備'],
    ['DL-2', DONE, '都市OSのOAuthクライアントとして認証'],
  ],
  cycle: [
    ['SVC-1-1', PLANNED, '2026年度下期'],
    ['SVC-2-5', DONE, 'アプリ利用者はパスワード＋SMS認証'],
    ['IR-2', DONE, '窓口をRenkeiに登録済み'],
  ],
  cloud: [
    ['SVC-4-2', DONE, 'Snapshots replicated to a second region daily'],
    ['SCM-3', DONE, 'Vulnerability advisories published to customers within 72 hours'],
    ['IR-1', DONE, '24/7 incident response team with defined escalation to the customer'],
    ['IR-2', DONE, 'Incident window and emergency contacts registered in Renkei'],
    ['DL-6', NA, 'Infrastructure only: it neither provides nor consumes data APIs in this city'],
  ],
  iot: [
    ['AST-1-2', DONE, 'ファームウェアの署名付きリモート更新に対応'],
    ['AST-2-2', DONE, '出荷時に機器毎の固有パスワードを設定'],
    ['AST-2-3', PLANNED, '2026年度下期（耐タンパ筐体への切り替え）'],
    ['SCM-3', DONE, '脆弱性情報を契約に基づき納入先へ通知'],
    ['IR-2', DONE, '窓口をRenkeiに登録済み'],
  ],
  soc: [
    ['SCM-1', DONE, '再委託なし。利用する監視製品の供給元を管理'],
    ['IR-1', DONE, '監視対象毎の連絡・エスカレーション手順を市と合意'],
    ['IR-2', DONE, 'SOCの24時間窓口をRenkeiに登録済み'],
    ['IR-4', DONE, '市CSIRTとの合同訓練に毎年参加'],
    ['IR-5', DONE, '脅威インテリジェンスを週次で市CSIRTに提供'],
  ],
  riverData: [
    ['AST-1-1', DONE, '観測機器の死活監視を実施'],
    ['AST-2-1', PLANNED, '2026年度下期'],
    ['AST-2-3', NA, '観測機器は河川管理施設内（施錠・監視済み）に設置'],
    ['DL-1', PLANNED, '2027年度上期'],
  ],
};

/** Who records an organisation's answers: its own staff, or the coordinator for an organisation without one. */
function recorder(organisation: OrganisationKey): UserKey {
  const staff = USERS.find((user) => user.organisation === organisation && user.role !== 'VIEWER');
  return staff?.key ?? 'coordinator';
}

/** The demo city's self-assessments (edition 3.0). The coordinator reviewed the promotion body's and the city OS's. */
export async function seedDemoAssessment(
  manager: EntityManager,
  ids: { organisation: Record<OrganisationKey, string>; user: Record<UserKey, string> },
): Promise<void> {
  const names = new Map(USERS.map((user) => [user.key, user.displayName]));
  const rows = Object.entries(ANSWERS).flatMap(([organisation, answers]) => {
    const key = organisation as OrganisationKey;
    const by = recorder(key);
    const reviewed = key === 'city' || key === 'cityOs';
    return (answers ?? []).map(([itemKey, status, text, evidence]) => ({
      organisationId: ids.organisation[key],
      edition: EDITION,
      itemKey,
      status,
      implementationMethod: status === DONE ? text : '',
      plannedTiming: status === PLANNED ? text : null,
      notApplicableReason: status === NA ? text : null,
      evidenceLinks: evidence ? [`https://docs.minato-city.example.jp/security/${evidence}`] : [],
      reviewerUserId: reviewed && status !== PLANNED ? ids.user.coordinator : null,
      reviewedOn: reviewed && status !== PLANNED ? '2026-03-27' : null,
      updatedByKind: 'user',
      updatedById: ids.user[by],
      updatedByName: names.get(by)!,
    }));
  });
  await manager.insert(SelfAssessmentEntryEntity, rows);
}
