/**
 * The demo city 「みなと市」 (Minato City, fictional): plain data, cross-referenced by short keys.
 * `demo-city.ts` turns the keys into ids and inserts the rows.
 *
 * Everything here is fictional except the names of national authorities. E-mail addresses use
 * example.jp / example.com; telephone numbers use 03-0000-xxxx, which is never assigned in Japan.
 */
import { PlatformRole } from '@renkei/core/context/actor';
import { ContactKind, ContactType, GuidelineRole, RelationshipKind } from '@renkei/directory/directory.enums';
import {
  DetectionSource,
  IncidentCategory,
  IncidentRole,
  IncidentStatus,
  Severity,
  TaskStatus,
  TimelineEntryKind,
  Tlp,
} from '@renkei/incidents/incidents.enums';
import {
  ComponentCategory,
  ComponentKind,
  Duty,
  ResponsibilityBoundary,
} from '@renkei/responsibility/responsibility.enums';

const { RESPONSIBLE, ACCOUNTABLE, CONSULTED, INFORMED } = Duty;
const { SYSTEM, DATA } = ResponsibilityBoundary;

// ---------------------------------------------------------------------------------------------
// Organisations (directory)
// ---------------------------------------------------------------------------------------------

export type OrganisationKey =
  | 'city'
  | 'cityOs'
  | 'bousai'
  | 'pay'
  | 'cycle'
  | 'iot'
  | 'cloud'
  | 'soc'
  | 'riverData'
  | 'police'
  | 'jpcert'
  | 'ppc'
  | 'digital';

export interface OrganisationSeed {
  key: OrganisationKey;
  nameJa: string;
  nameEn: string;
  guidelineRoles: GuidelineRole[];
  description: string;
  website: string | null;
}

export const ORGANISATIONS: OrganisationSeed[] = [
  {
    key: 'city',
    nameJa: 'みなと市 スマートシティ推進室',
    nameEn: 'Minato City Smart City Promotion Office',
    guidelineRoles: [GuidelineRole.PROMOTION_BODY],
    description:
      'みなと市のスマートシティ推進主体。市のCSIRT（みなと市CSIRT）を運営し、関係主体間のインシデント対応を統括する。',
    website: 'https://www.minato-city.example.jp/smartcity/',
  },
  {
    key: 'cityOs',
    nameJa: '株式会社みなとシティデータ',
    nameEn: 'Minato City Data Co., Ltd.',
    guidelineRoles: [GuidelineRole.CITY_OS_VENDOR],
    description: '都市OS（APIゲートウェイ、データ連携基盤、認証基盤）の構築・運用を市から受託。',
    website: 'https://www.minato-citydata.example.com/',
  },
  {
    key: 'bousai',
    nameJa: '株式会社ミナト防災テック',
    nameEn: 'Minato Bousai Tech Inc.',
    guidelineRoles: [GuidelineRole.SERVICE_PROVIDER],
    description: '防災IoTセンサーサービス（冠水センサー網と防災ダッシュボード）を市から受託して提供。',
    website: 'https://www.bousai-tech.example.com/',
  },
  {
    key: 'pay',
    nameJa: 'みなとペイ株式会社',
    nameEn: 'MinatoPay Inc.',
    guidelineRoles: [GuidelineRole.SERVICE_PROVIDER],
    description: '住民ポータルアプリ・決済（地域ポイント「みなとポイント」）を市との連携協定に基づき提供。',
    website: 'https://www.minatopay.example.com/',
  },
  {
    key: 'cycle',
    nameJa: '株式会社ベイサイクル',
    nameEn: 'Bay Cycle Co., Ltd.',
    guidelineRoles: [GuidelineRole.SERVICE_PROVIDER],
    description: 'シェアサイクル事業者。市内82か所のポートで約1,200台を運行。',
    website: 'https://www.baycycle.example.com/',
  },
  {
    key: 'iot',
    nameJa: '株式会社センサリンク',
    nameEn: 'SensaLink Corporation',
    guidelineRoles: [GuidelineRole.IOT_DEVICE_VENDOR],
    description:
      'IoT機器ベンダー。冠水センサー、LoRaWANゲートウェイ、シェアサイクル用スマートロックを供給・保守。',
    website: 'https://www.sensalink.example.com/',
  },
  {
    key: 'cloud',
    nameJa: '湾岸クラウド株式会社',
    nameEn: 'Wangan Cloud K.K.',
    guidelineRoles: [GuidelineRole.SERVICE_PROVIDER],
    description:
      'クラウド基盤（IaaS）の提供事業者。都市OSのホスティングをみなとシティデータから再委託されている。',
    website: 'https://www.wangan-cloud.example.com/',
  },
  {
    key: 'soc',
    nameJa: '株式会社みなとセキュリティオペレーションズ',
    nameEn: 'Minato Security Operations Inc.',
    guidelineRoles: [GuidelineRole.SECURITY_SERVICE_PROVIDER],
    description: 'セキュリティ監視サービス（SOC）事業者。都市OSと市の関連システムを24時間365日監視。',
    website: 'https://www.minato-soc.example.com/',
  },
  {
    key: 'riverData',
    nameJa: '一般財団法人みなと河川・気象データセンター',
    nameEn: 'Minato River and Weather Data Centre',
    guidelineRoles: [GuidelineRole.DATA_PROVIDER],
    description: '河川水位・雨量などの観測データをデータ連携基盤に提供するデータ提供者。',
    website: 'https://www.minato-weather.example.jp/',
  },
  {
    key: 'police',
    nameJa: '湾岸県警察本部 サイバー犯罪対策課',
    nameEn: 'Wangan Prefectural Police, Cybercrime Division',
    guidelineRoles: [GuidelineRole.EXTERNAL_AUTHORITY],
    description: 'サイバー犯罪の相談・被害届の受理。',
    website: null,
  },
  {
    key: 'jpcert',
    nameJa: '一般社団法人JPCERTコーディネーションセンター',
    nameEn: 'JPCERT/CC',
    guidelineRoles: [GuidelineRole.EXTERNAL_AUTHORITY],
    description: 'インシデント報告の受付と調整、脆弱性情報の調整。',
    website: 'https://www.jpcert.or.jp/',
  },
  {
    key: 'ppc',
    nameJa: '個人情報保護委員会',
    nameEn: 'Personal Information Protection Commission',
    guidelineRoles: [GuidelineRole.EXTERNAL_AUTHORITY],
    description: '個人データの漏えい等報告の提出先（個人情報保護法第26条・第68条）。',
    website: 'https://www.ppc.go.jp/',
  },
  {
    key: 'digital',
    nameJa: 'デジタル庁',
    nameEn: 'Digital Agency',
    guidelineRoles: [GuidelineRole.EXTERNAL_AUTHORITY],
    description: 'スマートシティ施策の所管省庁（デジタル田園都市国家構想関連の交付金を含む）。',
    website: 'https://www.digital.go.jp/',
  },
];

/** E-mail domain of each organisation (all fictional). */
export const DOMAINS: Record<OrganisationKey, string> = {
  city: 'minato-city.example.jp',
  cityOs: 'minato-citydata.example.com',
  bousai: 'bousai-tech.example.com',
  pay: 'minatopay.example.com',
  cycle: 'baycycle.example.com',
  iot: 'sensalink.example.com',
  cloud: 'wangan-cloud.example.com',
  soc: 'minato-soc.example.com',
  riverData: 'minato-weather.example.jp',
  police: 'wangan-police.example.jp',
  jpcert: 'jpcert.example.jp',
  ppc: 'ppc.example.jp',
  digital: 'digital.example.jp',
};

export interface RelationshipSeed {
  kind: RelationshipKind;
  client: OrganisationKey;
  contractor: OrganisationKey;
  description: string;
  contractReference: string | null;
}

/** OUTSOURCING edges: client → contractor. city → cityOs → cloud is the subcontract chain (再委託). */
// prettier-ignore
export const RELATIONSHIPS: RelationshipSeed[] = [
  { kind: RelationshipKind.OUTSOURCING, client: 'city', contractor: 'cityOs', description: '都市OSの構築・運用保守業務委託', contractReference: '委託契約 MC-2025-014' },
  { kind: RelationshipKind.OUTSOURCING, client: 'cityOs', contractor: 'cloud', description: '都市OSのクラウド基盤（IaaS）提供（再委託、市の承諾済み）', contractReference: '再委託契約 CD-2025-031' },
  { kind: RelationshipKind.OUTSOURCING, client: 'city', contractor: 'soc', description: 'セキュリティ監視（SOC）業務委託', contractReference: '委託契約 MC-2025-022' },
  { kind: RelationshipKind.OUTSOURCING, client: 'city', contractor: 'bousai', description: '防災IoTセンサーサービス提供業務委託', contractReference: '委託契約 MC-2025-018' },
  { kind: RelationshipKind.OUTSOURCING, client: 'bousai', contractor: 'iot', description: '冠水センサー・LoRaWANゲートウェイの供給と保守', contractReference: '保守契約 BT-2025-007' },
  { kind: RelationshipKind.OUTSOURCING, client: 'cycle', contractor: 'iot', description: 'シェアサイクル用スマートロックの供給と保守', contractReference: '供給・保守契約 BC-2025-002' },
  { kind: RelationshipKind.PARTNERSHIP, client: 'city', contractor: 'pay', description: '住民ポータルアプリの共同運営に関する連携協定', contractReference: '連携協定 MC-2024-AG-003' },
  { kind: RelationshipKind.PARTNERSHIP, client: 'city', contractor: 'cycle', description: 'シェアサイクル事業に関する連携協定', contractReference: '連携協定 MC-2025-AG-007' },
  { kind: RelationshipKind.PARTNERSHIP, client: 'city', contractor: 'riverData', description: '河川・気象データの提供に関する協定', contractReference: 'データ提供協定 MC-2025-DP-001' },
  { kind: RelationshipKind.PARTNERSHIP, client: 'pay', contractor: 'cycle', description: 'シェアサイクル利用料のみなとポイント決済連携', contractReference: null },
];

// ---------------------------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------------------------

export interface ContactSeed {
  organisation: OrganisationKey;
  type: ContactType;
  kind: ContactKind;
  name: string;
  title: string | null;
  /** Local part; the organisation's domain is appended. */
  mailbox: string;
  /** People only. */
  phone?: string;
  /** Webhook path under http://127.0.0.1:9/hooks/ (a discard port: deliveries fail harmlessly). */
  webhook?: string;
  locale?: 'ja' | 'en';
  /** Days before the seed; more than the stale threshold (180 by default) marks a contact for re-verification. */
  verifiedDaysAgo: number | null;
  notes?: string;
}

const { PERSON, FUNCTION } = ContactType;
const { INCIDENT_WINDOW, EMERGENCY, EXECUTIVE, CISO, TECHNICAL, PUBLIC_INQUIRY } = ContactKind;

// prettier-ignore
export const CONTACTS: ContactSeed[] = [
  // The promotion body and its CSIRT
  { organisation: 'city', type: FUNCTION, kind: INCIDENT_WINDOW, name: 'みなと市CSIRT 受付窓口', title: null, mailbox: 'csirt', webhook: 'minato-csirt', verifiedDaysAgo: 12, notes: '24時間受付（夜間・休日は当番者へ転送）' },
  { organisation: 'city', type: PERSON, kind: EMERGENCY, name: '佐藤 健太', title: 'みなと市CSIRT 主任', mailbox: 'k.sato', phone: '03-0000-1102', verifiedDaysAgo: 12 },
  { organisation: 'city', type: PERSON, kind: CISO, name: '渡辺 隆', title: '情報政策監（CISO）', mailbox: 't.watanabe', phone: '03-0000-1101', verifiedDaysAgo: 30 },
  { organisation: 'city', type: PERSON, kind: EXECUTIVE, name: '岡田 恵子', title: 'スマートシティ推進室長', mailbox: 'k.okada', phone: '03-0000-1100', verifiedDaysAgo: 30 },
  { organisation: 'city', type: FUNCTION, kind: PUBLIC_INQUIRY, name: 'スマートシティ 市民問い合わせ窓口', title: null, mailbox: 'smartcity-info', verifiedDaysAgo: 60, notes: '平日 8:30〜17:15' },

  // City-OS vendor
  { organisation: 'cityOs', type: FUNCTION, kind: INCIDENT_WINDOW, name: '都市OS運用センター', title: null, mailbox: 'ops-center', webhook: 'minato-citydata', verifiedDaysAgo: 20 },
  { organisation: 'cityOs', type: PERSON, kind: EMERGENCY, name: '伊藤 大輔', title: '都市OS運用リーダー', mailbox: 'd.ito', phone: '03-0000-2101', verifiedDaysAgo: 20 },
  { organisation: 'cityOs', type: PERSON, kind: TECHNICAL, name: '松本 亮', title: '基盤エンジニア', mailbox: 'r.matsumoto', phone: '03-0000-2102', verifiedDaysAgo: 45 },
  { organisation: 'cityOs', type: PERSON, kind: CISO, name: '井上 和也', title: '情報セキュリティ責任者', mailbox: 'k.inoue', phone: '03-0000-2100', verifiedDaysAgo: 90 },

  // Disaster-prevention sensors
  { organisation: 'bousai', type: FUNCTION, kind: INCIDENT_WINDOW, name: '防災サービス 障害・インシデント受付', title: null, mailbox: 'incident', verifiedDaysAgo: 15 },
  { organisation: 'bousai', type: PERSON, kind: EMERGENCY, name: '小林 直樹', title: 'サービス運用責任者', mailbox: 'n.kobayashi', phone: '03-0000-3101', verifiedDaysAgo: 15 },
  { organisation: 'bousai', type: PERSON, kind: TECHNICAL, name: '木村 拓也', title: 'センサー基盤担当', mailbox: 't.kimura', phone: '03-0000-3102', verifiedDaysAgo: 50 },

  // Resident app and payments
  { organisation: 'pay', type: FUNCTION, kind: INCIDENT_WINDOW, name: 'みなとペイ PSIRT', title: null, mailbox: 'psirt', webhook: 'minatopay', verifiedDaysAgo: 7 },
  { organisation: 'pay', type: PERSON, kind: EMERGENCY, name: '加藤 彩', title: 'セキュリティ管理責任者', mailbox: 'a.kato', phone: '03-0000-4101', verifiedDaysAgo: 7 },
  { organisation: 'pay', type: PERSON, kind: EXECUTIVE, name: '清水 隆之', title: '代表取締役', mailbox: 't.shimizu', phone: '03-0000-4100', verifiedDaysAgo: 120 },
  { organisation: 'pay', type: FUNCTION, kind: PUBLIC_INQUIRY, name: '住民ポータル カスタマーサポート', title: null, mailbox: 'support', verifiedDaysAgo: 30 },

  // Bike-share
  { organisation: 'cycle', type: FUNCTION, kind: INCIDENT_WINDOW, name: '運行管理センター', title: null, mailbox: 'operations', verifiedDaysAgo: 25 },
  { organisation: 'cycle', type: PERSON, kind: EMERGENCY, name: '吉田 翼', title: '運行管理責任者', mailbox: 't.yoshida', phone: '03-0000-5101', verifiedDaysAgo: 245, notes: '異動の可能性あり。連絡先の再確認が必要。' },
  { organisation: 'cycle', type: FUNCTION, kind: PUBLIC_INQUIRY, name: 'シェアサイクル 利用者サポート', title: null, mailbox: 'support', verifiedDaysAgo: 40 },

  // IoT device vendor
  { organisation: 'iot', type: FUNCTION, kind: INCIDENT_WINDOW, name: '製品セキュリティ窓口（PSIRT）', title: null, mailbox: 'psirt', verifiedDaysAgo: 40 },
  { organisation: 'iot', type: PERSON, kind: EMERGENCY, name: '山田 浩二', title: 'フィールドサポート責任者', mailbox: 'k.yamada', phone: '03-0000-6101', verifiedDaysAgo: 40 },
  { organisation: 'iot', type: PERSON, kind: TECHNICAL, name: '林 美穂', title: 'ファームウェア開発リーダー', mailbox: 'm.hayashi', phone: '03-0000-6102', verifiedDaysAgo: 410 },

  // Cloud platform
  { organisation: 'cloud', type: FUNCTION, kind: INCIDENT_WINDOW, name: 'クラウドサポート（セキュリティインシデント）', title: null, mailbox: 'security', verifiedDaysAgo: 10 },
  { organisation: 'cloud', type: PERSON, kind: EMERGENCY, name: 'Daniel Brooks', title: 'Site Reliability Lead', mailbox: 'd.brooks', phone: '03-0000-7101', locale: 'en', verifiedDaysAgo: 10 },
  { organisation: 'cloud', type: FUNCTION, kind: TECHNICAL, name: 'テクニカルサポート', title: null, mailbox: 'support', verifiedDaysAgo: 60 },

  // SOC
  { organisation: 'soc', type: FUNCTION, kind: INCIDENT_WINDOW, name: 'SOC 24時間監視センター', title: null, mailbox: 'soc', webhook: 'minato-soc', verifiedDaysAgo: 3 },
  { organisation: 'soc', type: PERSON, kind: EMERGENCY, name: '山本 翔', title: 'SOCアナリスト リーダー', mailbox: 's.yamamoto', phone: '03-0000-8101', verifiedDaysAgo: 3 },
  { organisation: 'soc', type: PERSON, kind: EXECUTIVE, name: '森 真一', title: 'SOCサービス責任者', mailbox: 's.mori', phone: '03-0000-8100', verifiedDaysAgo: 80 },

  // Data provider
  { organisation: 'riverData', type: FUNCTION, kind: INCIDENT_WINDOW, name: 'データ提供窓口', title: null, mailbox: 'data-desk', verifiedDaysAgo: 35 },
  { organisation: 'riverData', type: PERSON, kind: EMERGENCY, name: '中村 由紀', title: '観測システム管理者', mailbox: 'y.nakamura', phone: '03-0000-9101', verifiedDaysAgo: 35 },

  // External authorities: function desks only
  { organisation: 'police', type: FUNCTION, kind: INCIDENT_WINDOW, name: 'サイバー犯罪相談窓口', title: null, mailbox: 'cyber-soudan', verifiedDaysAgo: 100, notes: '被害届の提出前に電話で相談すること。' },
  { organisation: 'jpcert', type: FUNCTION, kind: INCIDENT_WINDOW, name: 'インシデント報告窓口', title: null, mailbox: 'incident', verifiedDaysAgo: 100 },
  { organisation: 'ppc', type: FUNCTION, kind: INCIDENT_WINDOW, name: '漏えい等報告 受付窓口', title: null, mailbox: 'rouei-houkoku', verifiedDaysAgo: 150, notes: '民間事業者は法第26条、地方公共団体は法第68条に基づき報告（速報・確報）。' },
  { organisation: 'digital', type: FUNCTION, kind: INCIDENT_WINDOW, name: 'スマートシティ担当窓口', title: null, mailbox: 'smartcity', verifiedDaysAgo: 150 },
];

// ---------------------------------------------------------------------------------------------
// Components (reference architecture) and the responsibility map
// ---------------------------------------------------------------------------------------------

export type ComponentKey =
  | 'governance'
  | 'csirt'
  | 'socMonitoring'
  | 'supplyChain'
  | 'cityOs'
  | 'apiGateway'
  | 'dataPlatform'
  | 'cityId'
  | 'cloudInfra'
  | 'closedNetwork'
  | 'sensorFlow'
  | 'openDataFlow'
  | 'attributeFlow'
  | 'bousaiService'
  | 'bousaiDashboard'
  | 'sensorCollector'
  | 'sensorNetwork'
  | 'floodSensor'
  | 'lorawanGateway'
  | 'portalService'
  | 'portalApp'
  | 'portalBackend'
  | 'payment'
  | 'paymentFlow'
  | 'cycleService'
  | 'cycleSystem'
  | 'bikeLock'
  | 'riverCamera';

export interface ComponentSeed {
  key: ComponentKey;
  nameJa: string;
  nameEn: string;
  category: ComponentCategory;
  kind: ComponentKind;
  /** Parents come before their children in the list. */
  parent: ComponentKey | null;
  operator: OrganisationKey | null;
  description: string;
}

const { GOVERNANCE, SERVICE, CITY_OS, ASSET } = ComponentCategory;
const K = ComponentKind;

// prettier-ignore
export const COMPONENTS: ComponentSeed[] = [
  // Governance
  { key: 'governance', nameJa: 'スマートシティ セキュリティガバナンス', nameEn: 'Smart city security governance', category: GOVERNANCE, kind: K.POLICY, parent: null, operator: 'city', description: 'セキュリティポリシー、体制、関係主体間の責任分界。' },
  { key: 'csirt', nameJa: 'インシデント対応体制（みなと市CSIRT）', nameEn: 'Incident response (Minato City CSIRT)', category: GOVERNANCE, kind: K.POLICY, parent: 'governance', operator: 'city', description: '関係主体を横断したインシデント対応の統括と連絡調整。' },
  { key: 'socMonitoring', nameJa: 'セキュリティ監視（SOC）', nameEn: 'Security monitoring (SOC)', category: GOVERNANCE, kind: K.MONITORING, parent: 'governance', operator: 'soc', description: '都市OSと関連システムのログ監視・アラート分析（24時間365日）。' },
  { key: 'supplyChain', nameJa: '委託先・再委託先管理', nameEn: 'Supplier and subcontractor management', category: GOVERNANCE, kind: K.POLICY, parent: 'governance', operator: 'city', description: '委託先のセキュリティ対策状況の確認と再委託の承認。' },

  // City OS
  { key: 'cityOs', nameJa: '都市OS', nameEn: 'City OS', category: CITY_OS, kind: K.DATA_PLATFORM, parent: null, operator: 'cityOs', description: 'サービス間のデータ連携・認証・API公開を担う共通基盤。' },
  { key: 'apiGateway', nameJa: 'APIゲートウェイ', nameEn: 'API gateway', category: CITY_OS, kind: K.API_GATEWAY, parent: 'cityOs', operator: 'cityOs', description: '外部・サービス向けAPIの公開、WAF、レート制限。' },
  { key: 'dataPlatform', nameJa: 'データ連携基盤', nameEn: 'Data linkage platform', category: CITY_OS, kind: K.DATA_PLATFORM, parent: 'cityOs', operator: 'cityOs', description: 'センサー・行政・民間データの収集と、同意に基づく提供。' },
  { key: 'cityId', nameJa: '認証基盤（みなとID）', nameEn: 'Identity platform (Minato ID)', category: CITY_OS, kind: K.IDENTITY_PROVIDER, parent: 'cityOs', operator: 'cityOs', description: '住民・事業者の共通ID（OpenID Connect）と同意管理。' },
  { key: 'cloudInfra', nameJa: '都市OS クラウド基盤（IaaS）', nameEn: 'City OS cloud infrastructure (IaaS)', category: CITY_OS, kind: K.CLOUD_INFRASTRUCTURE, parent: 'cityOs', operator: 'cloud', description: '都市OSを載せる仮想サーバ・ストレージ・ネットワーク。' },
  { key: 'closedNetwork', nameJa: '都市OS接続用閉域網', nameEn: 'City OS private network', category: CITY_OS, kind: K.NETWORK, parent: 'cloudInfra', operator: 'cloud', description: '庁内システム・サービス事業者と都市OSを結ぶ閉域接続。' },
  { key: 'sensorFlow', nameJa: 'データフロー：防災センサー → データ連携基盤', nameEn: 'Data flow: flood sensors → data platform', category: CITY_OS, kind: K.DATA_FLOW, parent: 'dataPlatform', operator: 'bousai', description: '冠水センサーの計測値（1分間隔）。' },
  { key: 'openDataFlow', nameJa: 'データフロー：河川・気象観測データ → データ連携基盤', nameEn: 'Data flow: river and weather data → data platform', category: CITY_OS, kind: K.DATA_FLOW, parent: 'dataPlatform', operator: 'riverData', description: '河川水位・雨量の観測データ（10分間隔）。' },
  { key: 'attributeFlow', nameJa: 'データフロー：みなとID 属性情報 → 住民ポータル', nameEn: 'Data flow: Minato ID attributes → resident portal', category: CITY_OS, kind: K.DATA_FLOW, parent: 'cityId', operator: 'cityOs', description: '氏名・住所など、住民が同意した属性情報の提供。' },

  // Services
  { key: 'bousaiService', nameJa: '防災IoTセンサーサービス', nameEn: 'Disaster-prevention IoT sensor service', category: SERVICE, kind: K.SERVICE, parent: null, operator: 'bousai', description: '冠水状況の可視化と、閾値超過時の防災アラート配信。' },
  { key: 'bousaiDashboard', nameJa: '防災ダッシュボード', nameEn: 'Disaster-prevention dashboard', category: SERVICE, kind: K.APPLICATION, parent: 'bousaiService', operator: 'bousai', description: '市危機管理課と消防が参照するWebダッシュボード。' },
  { key: 'sensorCollector', nameJa: '防災センサー データ収集サーバ', nameEn: 'Sensor data collection server', category: SERVICE, kind: K.APPLICATION, parent: 'bousaiService', operator: 'bousai', description: 'LoRaWANネットワークサーバと計測値の前処理。' },
  { key: 'portalService', nameJa: '住民ポータルアプリ・決済サービス', nameEn: 'Resident portal app and payments', category: SERVICE, kind: K.SERVICE, parent: null, operator: 'pay', description: '行政手続き、お知らせ、地域ポイント決済を提供する住民向けアプリ。' },
  { key: 'portalApp', nameJa: '住民ポータルアプリ（iOS/Android）', nameEn: 'Resident portal app (iOS/Android)', category: SERVICE, kind: K.APPLICATION, parent: 'portalService', operator: 'pay', description: '' },
  { key: 'portalBackend', nameJa: '住民ポータル バックエンドAPI', nameEn: 'Resident portal backend API', category: SERVICE, kind: K.APPLICATION, parent: 'portalService', operator: 'pay', description: '利用者アカウント、お知らせ配信、行政手続き受付。' },
  { key: 'payment', nameJa: '地域ポイント決済（みなとポイント）', nameEn: 'Local point payments (Minato Points)', category: SERVICE, kind: K.PAYMENT, parent: 'portalService', operator: 'pay', description: 'チャージ・決済・加盟店精算。' },
  { key: 'paymentFlow', nameJa: 'データフロー：決済データ → 決済代行事業者', nameEn: 'Data flow: payments → payment processor', category: SERVICE, kind: K.DATA_FLOW, parent: 'payment', operator: 'pay', description: 'クレジットカードによるチャージの決済情報（トークン化済み）。' },
  { key: 'cycleService', nameJa: 'シェアサイクルサービス', nameEn: 'Bike-share service', category: SERVICE, kind: K.SERVICE, parent: null, operator: 'cycle', description: '' },
  { key: 'cycleSystem', nameJa: 'シェアサイクル 予約・運行管理システム', nameEn: 'Bike-share booking and fleet system', category: SERVICE, kind: K.APPLICATION, parent: 'cycleService', operator: 'cycle', description: '' },

  // Assets
  { key: 'sensorNetwork', nameJa: '防災センサー網', nameEn: 'Disaster-prevention sensor network', category: ASSET, kind: K.NETWORK, parent: 'bousaiService', operator: 'bousai', description: '市内の冠水センサー120台とLoRaWANゲートウェイ14台。' },
  { key: 'floodSensor', nameJa: '冠水センサー', nameEn: 'Flood sensors', category: ASSET, kind: K.DEVICE, parent: 'sensorNetwork', operator: 'bousai', description: 'アンダーパス・低地に設置した超音波式水位センサー。' },
  { key: 'lorawanGateway', nameJa: 'LoRaWANゲートウェイ', nameEn: 'LoRaWAN gateways', category: ASSET, kind: K.GATEWAY, parent: 'sensorNetwork', operator: 'bousai', description: '公共施設の屋上に設置。' },
  { key: 'bikeLock', nameJa: 'シェアサイクル IoTスマートロック', nameEn: 'Bike-share IoT smart locks', category: ASSET, kind: K.DEVICE, parent: 'cycleService', operator: 'cycle', description: 'BLE・LTE-M対応の電子錠（約1,200台）。' },
  // The deliberate gap: a pilot nobody has taken responsibility for yet.
  { key: 'riverCamera', nameJa: '河川水位カメラ（試験導入）', nameEn: 'River level cameras (pilot)', category: ASSET, kind: K.DEVICE, parent: null, operator: 'riverData', description: '2026年度の実証実験として2台を設置。運用・保守の責任分担は未定。' },
];

export interface AssignmentSeed {
  component: ComponentKey;
  organisation: OrganisationKey;
  duty: Duty;
  boundary: ResponsibilityBoundary;
  note: string;
  contractReference?: string;
}

/**
 * The responsibility map. Children without a RESPONSIBLE of their own inherit their parent's;
 * every component resolves to a RESPONSIBLE except `riverCamera`, the deliberate gap.
 */
// prettier-ignore
export const ASSIGNMENTS: AssignmentSeed[] = [
  // Governance
  { component: 'governance', organisation: 'city', duty: RESPONSIBLE, boundary: SYSTEM, note: 'セキュリティポリシーの策定・運用' },
  { component: 'governance', organisation: 'city', duty: ACCOUNTABLE, boundary: SYSTEM, note: '推進主体としての最終責任' },
  { component: 'governance', organisation: 'city', duty: ACCOUNTABLE, boundary: DATA, note: 'スマートシティで扱うデータ全体の説明責任' },
  { component: 'csirt', organisation: 'soc', duty: CONSULTED, boundary: SYSTEM, note: '検知・分析の助言', contractReference: '委託契約 MC-2025-022' },
  { component: 'socMonitoring', organisation: 'soc', duty: RESPONSIBLE, boundary: SYSTEM, note: '監視・一次分析・通報', contractReference: '委託契約 MC-2025-022' },
  { component: 'socMonitoring', organisation: 'city', duty: ACCOUNTABLE, boundary: SYSTEM, note: '委託元' },
  { component: 'supplyChain', organisation: 'cityOs', duty: CONSULTED, boundary: SYSTEM, note: '再委託先（湾岸クラウド）の管理状況を年1回報告', contractReference: '委託契約 MC-2025-014' },

  // City OS
  { component: 'cityOs', organisation: 'cityOs', duty: RESPONSIBLE, boundary: SYSTEM, note: '構築・運用保守、脆弱性対応', contractReference: '委託契約 MC-2025-014' },
  { component: 'cityOs', organisation: 'city', duty: ACCOUNTABLE, boundary: SYSTEM, note: '発注者・推進主体' },
  { component: 'cityOs', organisation: 'soc', duty: CONSULTED, boundary: SYSTEM, note: 'ログ監視', contractReference: '委託契約 MC-2025-022' },
  { component: 'cityOs', organisation: 'cloud', duty: INFORMED, boundary: SYSTEM, note: '基盤に影響する事象の共有' },
  { component: 'apiGateway', organisation: 'cityOs', duty: RESPONSIBLE, boundary: SYSTEM, note: 'WAF・レート制限の設定と運用', contractReference: '委託契約 MC-2025-014' },
  { component: 'apiGateway', organisation: 'pay', duty: INFORMED, boundary: SYSTEM, note: 'API利用者（住民ポータル）' },
  { component: 'dataPlatform', organisation: 'cityOs', duty: RESPONSIBLE, boundary: DATA, note: 'アクセス制御・提供ログの管理', contractReference: '委託契約 MC-2025-014' },
  { component: 'dataPlatform', organisation: 'city', duty: ACCOUNTABLE, boundary: DATA, note: 'データ提供の可否判断（データガバナンス）' },
  { component: 'cityId', organisation: 'cityOs', duty: RESPONSIBLE, boundary: DATA, note: '住民の認証情報・同意記録の管理', contractReference: '委託契約 MC-2025-014' },
  { component: 'cityId', organisation: 'pay', duty: INFORMED, boundary: SYSTEM, note: '認証連携先（障害・仕様変更の通知）' },
  { component: 'cloudInfra', organisation: 'cloud', duty: RESPONSIBLE, boundary: SYSTEM, note: 'IaaS（物理・仮想基盤）の運用', contractReference: '再委託契約 CD-2025-031' },
  { component: 'cloudInfra', organisation: 'cityOs', duty: ACCOUNTABLE, boundary: SYSTEM, note: '再委託元としての管理責任', contractReference: '委託契約 MC-2025-014' },
  { component: 'sensorFlow', organisation: 'bousai', duty: RESPONSIBLE, boundary: DATA, note: '計測値の正確性と送信元機器の真正性', contractReference: '委託契約 MC-2025-018' },
  { component: 'openDataFlow', organisation: 'riverData', duty: RESPONSIBLE, boundary: DATA, note: '観測データの品質', contractReference: 'データ提供協定 MC-2025-DP-001' },
  { component: 'attributeFlow', organisation: 'pay', duty: CONSULTED, boundary: DATA, note: '利用目的の範囲内での受領・管理' },

  // Disaster-prevention service
  { component: 'bousaiService', organisation: 'bousai', duty: RESPONSIBLE, boundary: SYSTEM, note: 'サービスの運用・障害対応', contractReference: '委託契約 MC-2025-018' },
  { component: 'bousaiService', organisation: 'bousai', duty: RESPONSIBLE, boundary: DATA, note: '計測データの管理', contractReference: '委託契約 MC-2025-018' },
  { component: 'bousaiService', organisation: 'city', duty: ACCOUNTABLE, boundary: SYSTEM, note: '委託元。防災アラートの発信判断は市危機管理課' },
  { component: 'bousaiService', organisation: 'cityOs', duty: CONSULTED, boundary: SYSTEM, note: '都市OSとの連携部分' },
  { component: 'sensorNetwork', organisation: 'iot', duty: CONSULTED, boundary: SYSTEM, note: '機器・ネットワークの技術支援', contractReference: '保守契約 BT-2025-007' },
  { component: 'floodSensor', organisation: 'iot', duty: RESPONSIBLE, boundary: SYSTEM, note: 'ファームウェア更新・機器交換', contractReference: '保守契約 BT-2025-007' },
  { component: 'floodSensor', organisation: 'bousai', duty: ACCOUNTABLE, boundary: SYSTEM, note: '保守の発注者' },

  // Resident portal and payments
  { component: 'portalService', organisation: 'pay', duty: RESPONSIBLE, boundary: SYSTEM, note: 'アプリ・バックエンドの運用と脆弱性対応', contractReference: '連携協定 MC-2024-AG-003' },
  { component: 'portalService', organisation: 'pay', duty: RESPONSIBLE, boundary: DATA, note: '利用者の個人情報の管理（個人情報取扱事業者）', contractReference: '連携協定 MC-2024-AG-003' },
  { component: 'portalService', organisation: 'city', duty: ACCOUNTABLE, boundary: DATA, note: '住民への説明責任（共同運営）' },
  { component: 'portalService', organisation: 'city', duty: CONSULTED, boundary: SYSTEM, note: '住民向け告知の調整' },
  { component: 'payment', organisation: 'pay', duty: RESPONSIBLE, boundary: DATA, note: '決済情報（PCI DSS準拠の範囲）' },
  { component: 'payment', organisation: 'city', duty: INFORMED, boundary: DATA, note: '不正利用・補填の報告を受ける' },

  // Bike-share
  { component: 'cycleService', organisation: 'cycle', duty: RESPONSIBLE, boundary: SYSTEM, note: 'サービスの運用・障害対応', contractReference: '連携協定 MC-2025-AG-007' },
  { component: 'cycleService', organisation: 'cycle', duty: RESPONSIBLE, boundary: DATA, note: '会員情報・走行履歴の管理' },
  { component: 'cycleService', organisation: 'city', duty: INFORMED, boundary: SYSTEM, note: '連携協定に基づく報告' },
  { component: 'bikeLock', organisation: 'iot', duty: RESPONSIBLE, boundary: SYSTEM, note: 'ファームウェアの脆弱性対応', contractReference: '供給・保守契約 BC-2025-002' },
  { component: 'bikeLock', organisation: 'cycle', duty: ACCOUNTABLE, boundary: SYSTEM, note: '機器の所有者' },

  // The gap: the city is only informed; nobody is RESPONSIBLE for the pilot cameras.
  { component: 'riverCamera', organisation: 'city', duty: INFORMED, boundary: SYSTEM, note: '試験導入中。運用・保守の契約と責任分担は未整理（要対応）。' },
];

// ---------------------------------------------------------------------------------------------
// Users: all share DEMO_PASSWORD
// ---------------------------------------------------------------------------------------------

export type UserKey =
  | 'coordinator'
  | 'responder'
  | 'socAnalyst'
  | 'cityOsStaff'
  | 'bousaiStaff'
  | 'payStaff'
  | 'cycleStaff'
  | 'iotStaff'
  | 'cloudStaff'
  | 'viewer';

export interface UserSeed {
  key: UserKey;
  /** Local part; the organisation's domain is appended. */
  mailbox: string;
  displayName: string;
  organisation: OrganisationKey;
  role: PlatformRole;
  locale: 'ja' | 'en';
}

// prettier-ignore
export const USERS: UserSeed[] = [
  { key: 'coordinator', mailbox: 'coordinator', displayName: '高橋 美咲', organisation: 'city', role: PlatformRole.COORDINATOR, locale: 'ja' },
  { key: 'responder', mailbox: 'responder', displayName: '佐藤 健太', organisation: 'city', role: PlatformRole.RESPONDER, locale: 'ja' },
  { key: 'socAnalyst', mailbox: 'analyst', displayName: '山本 翔', organisation: 'soc', role: PlatformRole.RESPONDER, locale: 'ja' },
  { key: 'cityOsStaff', mailbox: 'stakeholder', displayName: '伊藤 大輔', organisation: 'cityOs', role: PlatformRole.STAKEHOLDER, locale: 'ja' },
  { key: 'bousaiStaff', mailbox: 'stakeholder', displayName: '小林 直樹', organisation: 'bousai', role: PlatformRole.STAKEHOLDER, locale: 'ja' },
  { key: 'payStaff', mailbox: 'stakeholder', displayName: '加藤 彩', organisation: 'pay', role: PlatformRole.STAKEHOLDER, locale: 'ja' },
  { key: 'cycleStaff', mailbox: 'stakeholder', displayName: '吉田 翼', organisation: 'cycle', role: PlatformRole.STAKEHOLDER, locale: 'ja' },
  { key: 'iotStaff', mailbox: 'stakeholder', displayName: '山田 浩二', organisation: 'iot', role: PlatformRole.STAKEHOLDER, locale: 'ja' },
  { key: 'cloudStaff', mailbox: 'stakeholder', displayName: 'Daniel Brooks', organisation: 'cloud', role: PlatformRole.STAKEHOLDER, locale: 'en' },
  { key: 'viewer', mailbox: 'viewer', displayName: '中村 由紀', organisation: 'riverData', role: PlatformRole.VIEWER, locale: 'ja' },
];

// ---------------------------------------------------------------------------------------------
// Incidents
// ---------------------------------------------------------------------------------------------

export interface IncidentSeed {
  title: string;
  description: string;
  severity: Severity;
  category: IncidentCategory;
  /** Appendix B incident type (INC-01 … INC-25). */
  incidentTypeId: string;
  detectionSource: DetectionSource;
  personalDataInvolved: boolean;
  safetyImpact: boolean;
  tlp: Tlp;
  detectedAt: string;
  reportedAt: string;
  reporter: UserKey;
  components: ComponentKey[];
  /** Status changes after the report, oldest first; the last one is the current status. */
  phases: { status: IncidentStatus; at: string; by: UserKey; message: string }[];
  members: { user: UserKey; role: IncidentRole; at: string; by: UserKey }[];
  tasks: {
    title: string;
    description: string;
    assignee: OrganisationKey;
    assigneeUser: UserKey | null;
    status: TaskStatus;
    createdAt: string;
    createdBy: UserKey;
    dueAt: string | null;
    completedAt: string | null;
  }[];
  /** Other timeline entries (notes, severity and TLP changes). */
  events: { kind: TimelineEntryKind; at: string; by: UserKey; message: string }[];
}

const S = IncidentStatus;

/** INC-2026-0001 … in this order; all times JST. */
export const INCIDENTS: IncidentSeed[] = [
  {
    title: 'シェアサイクル スマートロックの不正解錠（BLE認証の脆弱性）',
    description:
      '利用者から「予約していない自転車の鍵が開いている」との連絡が複数寄せられた。調査の結果、スマートロックのBLE認証処理にリプレイ攻撃が可能な脆弱性があり、専用アプリを介さずに解錠できることが判明。修正ファームウェア v2.4.1 を全台に適用して解決。個人情報への影響なし。',
    severity: Severity.SEV3,
    category: IncidentCategory.DEVICE_COMPROMISE,
    incidentTypeId: 'INC-17',
    detectionSource: DetectionSource.RESIDENT_REPORT,
    personalDataInvolved: false,
    safetyImpact: false,
    tlp: Tlp.GREEN,
    detectedAt: '2026-02-09T18:40:00+09:00',
    reportedAt: '2026-02-10T09:15:00+09:00',
    reporter: 'cycleStaff',
    components: ['bikeLock'],
    phases: [
      {
        status: S.TRIAGED,
        at: '2026-02-10T10:00:00+09:00',
        by: 'responder',
        message: 'SEV3と判定。影響はシェアサイクルに限定され、個人情報への影響はない見込み。',
      },
      {
        status: S.RESPONDING,
        at: '2026-02-10T11:30:00+09:00',
        by: 'responder',
        message: 'センサリンク社PSIRTと合同で原因調査を開始。',
      },
      {
        status: S.CONTAINED,
        at: '2026-02-11T16:00:00+09:00',
        by: 'cycleStaff',
        message: '該当ロットのBLE解錠を停止し、LTE-M経由の解錠のみに制限。',
      },
      {
        status: S.RECOVERING,
        at: '2026-02-18T10:00:00+09:00',
        by: 'iotStaff',
        message: '修正ファームウェア v2.4.1 のOTA配信を開始。',
      },
      {
        status: S.RESOLVED,
        at: '2026-02-24T17:00:00+09:00',
        by: 'cycleStaff',
        message: '全1,240台への適用を確認。BLE解錠を再開。',
      },
      {
        status: S.CLOSED,
        at: '2026-03-06T15:00:00+09:00',
        by: 'coordinator',
        message: '事後レビュー完了。スマートロックの調達仕様に脆弱性対応の条項を追加することとした。',
      },
    ],
    members: [
      { user: 'responder', role: IncidentRole.COMMANDER, at: '2026-02-10T10:05:00+09:00', by: 'coordinator' },
      { user: 'cycleStaff', role: IncidentRole.LIAISON, at: '2026-02-10T10:05:00+09:00', by: 'responder' },
    ],
    tasks: [
      {
        title: '修正ファームウェアの開発と検証',
        description: 'BLE認証にナンスを導入し、リプレイ攻撃を防ぐ。検証機20台で確認のうえ配信。',
        assignee: 'iot',
        assigneeUser: 'iotStaff',
        status: TaskStatus.DONE,
        createdAt: '2026-02-10T11:40:00+09:00',
        createdBy: 'responder',
        dueAt: '2026-02-17T18:00:00+09:00',
        completedAt: '2026-02-17T15:00:00+09:00',
      },
      {
        title: '利用者へのお知らせ（アプリ内・ポート掲示）',
        description: '一部車両でBLE解錠を停止していることと、解錠方法の案内。',
        assignee: 'cycle',
        assigneeUser: 'cycleStaff',
        status: TaskStatus.DONE,
        createdAt: '2026-02-11T16:10:00+09:00',
        createdBy: 'responder',
        dueAt: '2026-02-12T12:00:00+09:00',
        completedAt: '2026-02-12T09:30:00+09:00',
      },
    ],
    events: [
      {
        kind: TimelineEntryKind.NOTE,
        at: '2026-03-06T14:30:00+09:00',
        by: 'coordinator',
        message:
          '事後レビュー（振り返り会）を実施。センサリンク社から脆弱性の技術的詳細と再発防止策の説明を受けた。',
      },
      {
        kind: TimelineEntryKind.TLP_CHANGED,
        at: '2026-03-06T15:10:00+09:00',
        by: 'coordinator',
        message: 'TLPを TLP:AMBER から TLP:GREEN に変更（再発防止策を他の自治体と共有するため）。',
      },
    ],
  },
  {
    title: '住民ポータルアプリへのパスワードリスト攻撃による不正ログイン',
    description:
      '6月18日未明から、外部で漏えいしたとみられるID・パスワードの組によるログイン試行が急増（約48万回）。約320アカウントで不正ログインが成立し、氏名・住所・ポイント残高が閲覧された可能性がある。うち12件でみなとポイントの不正利用を確認。',
    severity: Severity.SEV2,
    category: IncidentCategory.UNAUTHORIZED_ACCESS,
    incidentTypeId: 'INC-22',
    detectionSource: DetectionSource.AUTOMATED_ALERT,
    personalDataInvolved: true,
    safetyImpact: false,
    tlp: Tlp.AMBER_STRICT,
    detectedAt: '2026-06-18T02:10:00+09:00',
    reportedAt: '2026-06-18T07:45:00+09:00',
    reporter: 'payStaff',
    components: ['cityId', 'portalBackend', 'payment'],
    phases: [
      {
        status: S.TRIAGED,
        at: '2026-06-18T08:30:00+09:00',
        by: 'responder',
        message: '個人情報の漏えいのおそれがあるためSEV2と判定。TLP:AMBER+STRICT で扱う。',
      },
      {
        status: S.RESPONDING,
        at: '2026-06-18T08:45:00+09:00',
        by: 'responder',
        message: 'みなとペイ・みなとシティデータと対応開始。',
      },
      {
        status: S.CONTAINED,
        at: '2026-06-18T13:00:00+09:00',
        by: 'cityOsStaff',
        message:
          'みなとIDで多要素認証を必須化し、IPアドレス単位のレート制限を適用。以降、不正ログインの成立なし。',
      },
      {
        status: S.RECOVERING,
        at: '2026-06-20T10:00:00+09:00',
        by: 'payStaff',
        message: '対象アカウントのパスワードリセットと、不正利用分のポイント補填を開始。',
      },
      {
        status: S.RESOLVED,
        at: '2026-07-10T17:00:00+09:00',
        by: 'responder',
        message: '補填完了。個人情報保護委員会へ確報を提出済み。',
      },
    ],
    members: [
      { user: 'responder', role: IncidentRole.COMMANDER, at: '2026-06-18T08:30:00+09:00', by: 'coordinator' },
      { user: 'coordinator', role: IncidentRole.LIAISON, at: '2026-06-18T08:35:00+09:00', by: 'responder' },
    ],
    tasks: [
      {
        title: '個人情報保護委員会への漏えい等報告（速報）',
        description:
          '発覚から概ね3〜5日以内に速報、30日以内に確報。市の保有分は法第68条、みなとペイの保有分は法第26条。',
        assignee: 'pay',
        assigneeUser: 'payStaff',
        status: TaskStatus.DONE,
        createdAt: '2026-06-18T09:00:00+09:00',
        createdBy: 'responder',
        dueAt: '2026-06-21T17:00:00+09:00',
        completedAt: '2026-06-20T16:00:00+09:00',
      },
      {
        title: '対象利用者への通知とパスワード再設定の案内',
        description: 'メールとアプリ内通知。問い合わせ窓口を案内する。',
        assignee: 'pay',
        assigneeUser: 'payStaff',
        status: TaskStatus.DONE,
        createdAt: '2026-06-18T09:05:00+09:00',
        createdBy: 'responder',
        dueAt: '2026-06-19T17:00:00+09:00',
        completedAt: '2026-06-19T11:00:00+09:00',
      },
    ],
    events: [
      {
        kind: TimelineEntryKind.NOTE,
        at: '2026-06-18T10:30:00+09:00',
        by: 'coordinator',
        message: '湾岸県警察本部サイバー犯罪対策課に相談。JPCERT/CCへ攻撃元の情報を提供。',
      },
    ],
  },
  {
    title: 'APIゲートウェイへのDDoS攻撃によるデータ連携の遅延',
    description:
      '11月9日14時頃から、都市OSのAPIゲートウェイに対して多数の海外IPアドレスから大量のHTTPリクエスト（ピーク時 約12万 req/s）。データ連携APIの応答遅延・タイムアウトが発生し、住民ポータルの一部機能と防災ダッシュボードの更新が最大40分遅延した。',
    severity: Severity.SEV2,
    category: IncidentCategory.DENIAL_OF_SERVICE,
    incidentTypeId: 'INC-03',
    detectionSource: DetectionSource.SOC_MONITORING,
    personalDataInvolved: false,
    safetyImpact: false,
    tlp: Tlp.AMBER,
    detectedAt: '2026-11-09T14:02:00+09:00',
    reportedAt: '2026-11-09T14:10:00+09:00',
    reporter: 'socAnalyst',
    components: ['apiGateway', 'dataPlatform'],
    phases: [
      {
        status: S.TRIAGED,
        at: '2026-11-09T14:25:00+09:00',
        by: 'responder',
        message: 'SEV3と判定（当初）。',
      },
      {
        status: S.RESPONDING,
        at: '2026-11-09T14:30:00+09:00',
        by: 'responder',
        message: 'みなとシティデータ・湾岸クラウドと対応開始。',
      },
      {
        status: S.CONTAINED,
        at: '2026-11-09T16:20:00+09:00',
        by: 'cloudStaff',
        message: 'クラウド基盤のDDoS緩和機能を有効化し、攻撃トラフィックを遮断。応答時間は平常値に回復。',
      },
    ],
    members: [
      { user: 'responder', role: IncidentRole.COMMANDER, at: '2026-11-09T14:30:00+09:00', by: 'coordinator' },
      { user: 'socAnalyst', role: IncidentRole.SCRIBE, at: '2026-11-09T14:32:00+09:00', by: 'responder' },
    ],
    tasks: [
      {
        title: 'WAFルールとレート制限の恒久設定',
        description: 'APIキー単位・送信元単位のレート制限と、地域別のWAFルールを本番に適用する。',
        assignee: 'cityOs',
        assigneeUser: 'cityOsStaff',
        status: TaskStatus.IN_PROGRESS,
        createdAt: '2026-11-10T10:00:00+09:00',
        createdBy: 'responder',
        dueAt: '2026-11-30T18:00:00+09:00',
        completedAt: null,
      },
      {
        title: '攻撃元情報のJPCERT/CCへの提供',
        description: '攻撃元IPアドレスの一覧とタイムラインを提供する。',
        assignee: 'soc',
        assigneeUser: 'socAnalyst',
        status: TaskStatus.DONE,
        createdAt: '2026-11-09T17:00:00+09:00',
        createdBy: 'responder',
        dueAt: '2026-11-11T18:00:00+09:00',
        completedAt: '2026-11-10T15:00:00+09:00',
      },
    ],
    events: [
      {
        kind: TimelineEntryKind.SEVERITY_CHANGED,
        at: '2026-11-09T14:50:00+09:00',
        by: 'responder',
        message: '重大度を SEV3 から SEV2 に引き上げ（住民ポータル・防災ダッシュボードに影響が波及）。',
      },
      {
        kind: TimelineEntryKind.NOTE,
        at: '2026-11-10T09:00:00+09:00',
        by: 'socAnalyst',
        message: '夜間に断続的な再攻撃あり。緩和機能で遮断できている。監視を継続。',
      },
    ],
  },
  {
    title: '冠水センサーからの異常値送信（なりすまし端末の疑い）',
    description:
      '11月18日未明、湾岸地区の冠水センサー7台から、降雨がないにもかかわらず「冠水レベル3」の値が連続して送信され、防災ダッシュボードで冠水警報が発報した。現地確認では冠水なし。LoRaWANネットワークサーバのログで、登録外の端末が同じデバイスEUIで送信していることを確認。偽データ注入の疑い。誤った避難情報の発信を防ぐため、防災アラートの自動配信を停止している。',
    severity: Severity.SEV1,
    category: IncidentCategory.DATA_INTEGRITY,
    incidentTypeId: 'INC-01',
    detectionSource: DetectionSource.AUTOMATED_ALERT,
    personalDataInvolved: false,
    safetyImpact: true,
    tlp: Tlp.AMBER,
    detectedAt: '2026-11-18T03:20:00+09:00',
    reportedAt: '2026-11-18T03:45:00+09:00',
    reporter: 'bousaiStaff',
    components: ['floodSensor', 'lorawanGateway', 'sensorFlow'],
    phases: [
      {
        status: S.TRIAGED,
        at: '2026-11-18T04:10:00+09:00',
        by: 'responder',
        message: '誤った避難情報につながるおそれがあり、住民の安全に関わるためSEV1と判定。',
      },
      {
        status: S.RESPONDING,
        at: '2026-11-18T04:15:00+09:00',
        by: 'responder',
        message: '防災テック・センサリンク・SOCで対応開始。市危機管理課に共有。',
      },
    ],
    members: [
      { user: 'responder', role: IncidentRole.COMMANDER, at: '2026-11-18T04:10:00+09:00', by: 'coordinator' },
      { user: 'coordinator', role: IncidentRole.LIAISON, at: '2026-11-18T04:12:00+09:00', by: 'responder' },
      { user: 'socAnalyst', role: IncidentRole.SCRIBE, at: '2026-11-18T04:20:00+09:00', by: 'responder' },
    ],
    tasks: [
      {
        title: '防災アラート自動配信の一時停止と手動確認体制への切替',
        description: '警報は危機管理課の目視確認後に手動で配信する。',
        assignee: 'bousai',
        assigneeUser: 'bousaiStaff',
        status: TaskStatus.DONE,
        createdAt: '2026-11-18T04:15:00+09:00',
        createdBy: 'responder',
        dueAt: '2026-11-18T06:00:00+09:00',
        completedAt: '2026-11-18T04:40:00+09:00',
      },
      {
        title: 'ネットワークサーバ・ゲートウェイのログ保全と不正端末の特定',
        description: '該当ゲートウェイ3台の受信ログ（RSSI・周波数）を保全し、不正端末の設置場所を推定する。',
        assignee: 'iot',
        assigneeUser: 'iotStaff',
        status: TaskStatus.IN_PROGRESS,
        createdAt: '2026-11-18T04:30:00+09:00',
        createdBy: 'responder',
        dueAt: '2026-11-25T18:00:00+09:00',
        completedAt: null,
      },
      {
        title: '湾岸県警察本部サイバー犯罪対策課への相談',
        description: '保全したログを添えて相談する。',
        assignee: 'city',
        assigneeUser: 'coordinator',
        status: TaskStatus.OPEN,
        createdAt: '2026-11-18T09:00:00+09:00',
        createdBy: 'responder',
        dueAt: '2026-11-27T17:00:00+09:00',
        completedAt: null,
      },
    ],
    events: [
      {
        kind: TimelineEntryKind.NOTE,
        at: '2026-11-18T05:30:00+09:00',
        by: 'bousaiStaff',
        message:
          '対象7台のデバイス鍵（AppKey）のローテーションを準備中。交換完了まで当該センサーの値は参考扱いとする。',
      },
    ],
  },
  {
    title: '河川水位カメラから未登録の外部サーバへの通信',
    description:
      'SOCの監視で、試験導入中の河川水位カメラ（2台）から海外のIPアドレスへの定期的な通信（約5分間隔）を検知。カメラの運用・保守の責任分担が決まっておらず、対応窓口が不明。',
    severity: Severity.SEV3,
    category: IncidentCategory.DEVICE_COMPROMISE,
    incidentTypeId: 'INC-18',
    detectionSource: DetectionSource.SOC_MONITORING,
    personalDataInvolved: false,
    safetyImpact: false,
    tlp: Tlp.AMBER,
    detectedAt: '2026-11-21T22:40:00+09:00',
    reportedAt: '2026-11-21T23:05:00+09:00',
    reporter: 'socAnalyst',
    components: ['riverCamera'],
    phases: [],
    members: [],
    tasks: [],
    events: [
      {
        kind: TimelineEntryKind.NOTE,
        at: '2026-11-21T23:10:00+09:00',
        by: 'socAnalyst',
        message:
          '責任分担マップ上、このカメラに RESPONSIBLE の組織がありません。推進室で運用主体の確認をお願いします。',
      },
    ],
  },
];
