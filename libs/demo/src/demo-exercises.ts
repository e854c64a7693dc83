import type { EntityManager } from 'typeorm';
import { enqueue } from '@renkei/alerting/outbox';
import {
  ExerciseEntity,
  ExerciseInjectEntity,
  ExerciseParticipantEntity,
} from '@renkei/exercises/entities/exercise.entity';
import { ExerciseScenarioVersionEntity } from '@renkei/exercises/entities/scenario.entity';
import { startExerciseJob } from '@renkei/exercises/exercise-jobs';
import { ExerciseRole, ExerciseStatus } from '@renkei/exercises/exercises.enums';
import { plannedInjects } from '@renkei/exercises/exercises.service';
import { IncidentCategory, Severity } from '@renkei/incidents/incidents.enums';
import type { OrganisationKey } from './demo-city.data';

/** The next Thursday, 14:00 in Tokyo (05:00 UTC), at least a day away. */
export function nextThursdayAfternoon(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 5, 0, 0));
  while (at.getUTCDay() !== 4 || at.getTime() - now.getTime() < 86_400_000)
    at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/**
 * The demo city's next tabletop exercise, as a coordinator would plan it: the guideline's §3.3.3
 * case (unauthorised login to the city OS through another service) from the example library, five
 * organisations invited as players, scheduled for next Thursday 14:00 at real speed. It starts by
 * itself then (its start job is in the outbox); a coordinator can also run a compressed copy now.
 */
export async function seedDemoExercises(
  manager: EntityManager,
  organisation: Record<OrganisationKey, string>,
  coordinatorId: string,
  now = new Date(),
): Promise<void> {
  const [version] = (await manager.query(
    `SELECT v.id FROM exercise_scenario_version v JOIN exercise_scenario s ON s.id = v.scenario_id
      WHERE s.key = 'SCN-3.3.3-1' AND v.number = s.current_version`,
  )) as { id: string }[];
  if (!version) return;
  const scenario = await manager
    .getRepository(ExerciseScenarioVersionEntity)
    .findOneByOrFail({ id: version.id });
  const scheduledAt = nextThursdayAfternoon(now);
  const exercise = await manager.save(
    manager.create(ExerciseEntity, {
      title: '別サービス経由の都市OS不正ログイン 机上演習（第2四半期）',
      description:
        'ガイドライン §3.3.3 ケース①に基づく市全体の机上演習。都市OSベンダ、サービス提供者、SOC、クラウド事業者が参加し、連絡体制（インシデント対応②）と情報共有（④）を確認する。',
      scenarioId: scenario.scenarioId,
      scenarioVersionId: scenario.id,
      scenarioVersionNumber: scenario.number,
      objectives: scenario.content.objectives,
      status: ExerciseStatus.SCHEDULED,
      severity: Severity.SEV2,
      category: IncidentCategory.UNAUTHORIZED_ACCESS,
      speed: 1,
      scheduledAt,
      organiserOrganisationId: organisation.city,
      createdById: coordinatorId,
    }),
  );
  await manager.insert(ExerciseInjectEntity, plannedInjects(exercise.id, scenario.content));
  const players: OrganisationKey[] = ['cityOs', 'pay', 'cycle', 'soc', 'cloud'];
  await manager.insert(ExerciseParticipantEntity, [
    {
      exerciseId: exercise.id,
      organisationId: organisation.city,
      role: ExerciseRole.FACILITATOR,
      contactIds: [],
    },
    {
      exerciseId: exercise.id,
      organisationId: organisation.digital,
      role: ExerciseRole.OBSERVER,
      contactIds: [],
    },
    ...players.map((key) => ({
      exerciseId: exercise.id,
      organisationId: organisation[key],
      role: ExerciseRole.PLAYER,
      contactIds: [],
    })),
  ]);
  await enqueue(manager, [
    startExerciseJob({ exerciseId: exercise.id, scheduledAt: scheduledAt.toISOString() }),
  ]);
}
