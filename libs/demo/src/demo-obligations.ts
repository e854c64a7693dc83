import type { EntityManager } from 'typeorm';
import { syncObligations } from '@renkei/obligations/obligations.engine';
import { ensureStatutoryRules } from '@renkei/obligations/statutory-rules';
import type { OrganisationKey } from './demo-city.data';

interface Step {
  at: string;
  actor: string;
  organisation: string;
  message: string;
}

async function timeline(manager: EntityManager, incidentId: string, steps: Step[], kind: string) {
  for (const step of steps) {
    await manager.query(
      `INSERT INTO incident_timeline_entry (incident_id, occurred_at, kind, actor_kind, actor_id, actor_name, actor_organisation_id, message, data)
       VALUES ($1, $2, $3, 'system', NULL, $4, $5, $6, '{}'::jsonb)`,
      [incidentId, new Date(step.at), kind, step.actor, step.organisation, step.message],
    );
  }
}

async function submit(
  manager: EntityManager,
  incidentId: string,
  stageKey: string,
  values: { at: string; reference: string; by: string },
) {
  await manager.query(
    `UPDATE obligation SET status = CASE WHEN due_at < $3 THEN 'SUBMITTED_LATE' ELSE 'SUBMITTED' END,
            submitted_at = $3, submission_reference = $4, submitted_by_name = $5
      WHERE incident_id = $1 AND stage_key = $2`,
    [incidentId, stageKey, new Date(values.at), values.reference, values.by],
  );
}

/**
 * Statutory reporting clocks in the demo city (APPI Art. 26, the rule every installation gets):
 *
 * - the resident-portal credential-stuffing incident (personal data): the duty began with the city-OS
 *   vendor that runs みなとID (a contractor, 受託者), passed to the city (委託元) once the vendor told
 *   it, and both reports were submitted in time;
 * - the river-camera incident (the newest): its images of passers-by may have reached a foreign
 *   server, so personal data is flagged and an unlawful purpose suspected — the preliminary report is
 *   in, the final one runs on its 60-day clock, held by the camera's operator.
 */
export async function seedDemoObligations(
  manager: EntityManager,
  organisation: Record<OrganisationKey, string>,
): Promise<void> {
  await ensureStatutoryRules(manager);
  const incidents = (await manager.query(
    `SELECT id, title FROM incident WHERE title LIKE '住民ポータルアプリ%' OR title LIKE '河川水位カメラ%'`,
  )) as { id: string; title: string }[];
  const portal = incidents.find((i) => i.title.startsWith('住民ポータル'));
  const camera = incidents.find((i) => i.title.startsWith('河川水位カメラ'));
  const now = new Date();

  if (portal) {
    await syncObligations(manager, portal.id, now);
    await manager.query(
      `UPDATE obligation SET owner_organisation_id = $2, delegated_from_organisation_id = $3,
              commissioner_notified_at = $4, commissioner_notified_by = 'みなとシティデータ 運用責任者'
        WHERE incident_id = $1`,
      [portal.id, organisation.city, organisation.cityOs, new Date('2026-06-18T10:30:00+09:00')],
    );
    await submit(manager, portal.id, 'preliminary', {
      at: '2026-06-20T16:00:00+09:00',
      reference: 'PPC-2026-0620-0412',
      by: 'みなと市 CSIRT',
    });
    await submit(manager, portal.id, 'final', {
      at: '2026-07-10T16:30:00+09:00',
      reference: 'PPC-2026-0710-0157',
      by: 'みなと市 CSIRT',
    });
    await timeline(
      manager,
      portal.id,
      [
        {
          at: '2026-06-18T10:30:00+09:00',
          actor: 'みなとシティデータ 運用責任者',
          organisation: organisation.cityOs,
          message:
            '受託者（みなとシティデータ）が委託元（みなと市）に通知。個人情報保護委員会への報告義務はみなと市に移った。',
        },
        {
          at: '2026-06-20T16:00:00+09:00',
          actor: 'みなと市 CSIRT',
          organisation: organisation.city,
          message: '個人情報保護委員会へ速報を提出（受付番号 PPC-2026-0620-0412）。',
        },
        {
          at: '2026-07-10T16:30:00+09:00',
          actor: 'みなと市 CSIRT',
          organisation: organisation.city,
          message: '個人情報保護委員会へ確報を提出（受付番号 PPC-2026-0710-0157）。',
        },
      ],
      'OBLIGATION_UPDATED',
    );
  }

  if (camera) {
    await manager.query(
      `UPDATE incident SET personal_data_involved = true, malicious_suspected = true WHERE id = $1`,
      [camera.id],
    );
    await timeline(
      manager,
      camera.id,
      [
        {
          at: '2026-11-22T09:30:00+09:00',
          actor: 'みなと市 CSIRT',
          organisation: organisation.city,
          message:
            'カメラ映像に河川敷の通行人が写っており、未登録の外部サーバに送信された可能性があるため「個人データの関与」と「不正の目的のおそれ」を設定（確報は60日以内）。',
        },
      ],
      'DETAILS_UPDATED',
    );
    await syncObligations(manager, camera.id, now);
    await submit(manager, camera.id, 'preliminary', {
      at: '2026-11-25T15:00:00+09:00',
      reference: 'PPC-2026-1125-0988',
      by: 'みなと河川・気象データセンター',
    });
  }
}
