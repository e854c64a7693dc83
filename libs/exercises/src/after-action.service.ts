import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AfterActionInput, AfterActionReport, buildAfterActionReport } from './after-action';
import { ExerciseEntity } from './entities/exercise.entity';
import { ExerciseScenarioVersionEntity } from './entities/scenario.entity';

/**
 * Generates the after-action report of an exercise from its record (at finish, and again on request
 * when evaluators rate later), stores it on the exercise, and adds the improvement plan's new findings
 * as items (a finding already in the plan keeps its owner, due date and status).
 */
@Injectable()
export class AfterActionService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async generate(manager: EntityManager, exercise: ExerciseEntity): Promise<AfterActionReport> {
    const input = await this.load(manager, exercise);
    const report = buildAfterActionReport(input, new Date());
    await manager.query(`UPDATE exercise SET report = $2::jsonb, report_generated_at = now() WHERE id = $1`, [
      exercise.id,
      JSON.stringify(report),
    ]);
    exercise.report = report;
    const plan = report.improvementPlan;
    if (plan.length) {
      await manager.query(
        `INSERT INTO exercise_improvement_item (exercise_id, finding_key, title, description, objective_key,
                                                owner_organisation_id, link_kind, link_id)
         SELECT $1, k, t, d, o, w, lk, li
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::uuid[])
             AS x(k, t, d, o, w, lk, li)
         ON CONFLICT (exercise_id, finding_key) WHERE finding_key IS NOT NULL DO NOTHING`,
        [
          exercise.id,
          plan.map((item) => item.findingKey),
          plan.map((item) => item.title),
          plan.map((item) => item.description),
          plan.map((item) => item.objectiveKey),
          plan.map((item) => item.ownerOrganisationId),
          plan.map((item) => item.linkKind),
          plan.map((item) => item.linkId),
        ],
      );
    }
    return report;
  }

  /** Everything the report is built from, in a handful of statements. */
  async load(manager: EntityManager, exercise: ExerciseEntity): Promise<AfterActionInput> {
    const version = await manager
      .getRepository(ExerciseScenarioVersionEntity)
      .findOneByOrFail({ id: exercise.scenarioVersionId });
    const [scenario] = (await manager.query(`SELECT key FROM exercise_scenario WHERE id = $1`, [
      exercise.scenarioId,
    ])) as { key: string }[];
    const participants = (await manager.query(
      `SELECT p.organisation_id AS "organisationId", o.name_ja AS "nameJa", o.name_en AS "nameEn", p.role,
              o.guideline_roles AS "guidelineRoles"
         FROM exercise_participant p JOIN organisation o ON o.id = p.organisation_id
        WHERE p.exercise_id = $1 ORDER BY o.name_en`,
      [exercise.id],
    )) as AfterActionInput['participants'];
    const injects = (await manager.query(
      `SELECT i.id, i.key, i.sequence, i.offset_seconds AS "offsetSeconds", i.title_ja AS "titleJa",
              i.title_en AS "titleEn", i.state, i.ad_hoc AS "adHoc", i.acknowledgement_required AS "acknowledgementRequired",
              i.sent_at AS "sentAt", i.sent_at_exercise_seconds AS "sentAtExerciseSeconds", i.lateness_ms AS "latenessMs",
              i.recipient_organisation_ids AS "recipientOrganisationIds", i.expected_actions AS "expectedActions",
              COALESCE((SELECT json_agg(json_build_object('componentId', g->>'componentId', 'duty', g->>'duty',
                                                          'componentName', COALESCE(c.name_en, g->>'componentId')))
                          FROM jsonb_array_elements(i.responsibility_gaps) g
                          LEFT JOIN component c ON c.id::text = g->>'componentId'), '[]') AS "responsibilityGaps"
         FROM exercise_inject i WHERE i.exercise_id = $1 ORDER BY i.sequence`,
      [exercise.id],
    )) as AfterActionInput['injects'];
    const engagements = (await manager.query(
      `SELECT i.id AS "injectId", g.organisation_id AS "organisationId", g.first_alerted_at AS "firstAlertedAt",
              g.acknowledged_at AS "acknowledgedAt", g.acknowledged_by_name AS "acknowledgedBy"
         FROM exercise_inject i JOIN alert_engagement g ON g.incident_id = i.incident_id
        WHERE i.exercise_id = $1`,
      [exercise.id],
    )) as AfterActionInput['engagements'];
    const alerts = (await manager.query(
      `SELECT i.id AS "injectId", a.organisation_id AS "organisationId", a.contact_id AS "contactId",
              a.recipient_name AS "contactName", a.state, a.purpose, a.step_index AS "stepIndex"
         FROM exercise_inject i JOIN alert a ON a.incident_id = i.incident_id
        WHERE i.exercise_id = $1`,
      [exercise.id],
    )) as AfterActionInput['alerts'];
    const ratings = (await manager.query(
      `SELECT inject_id AS "injectId", action_key AS "actionKey", rating, note, evaluator_name AS "evaluatorName"
         FROM exercise_rating WHERE exercise_id = $1`,
      [exercise.id],
    )) as AfterActionInput['ratings'];
    const objectiveRatings = (await manager.query(
      `SELECT objective_key AS "objectiveKey", rating, note, evaluator_name AS "evaluatorName"
         FROM exercise_objective_rating WHERE exercise_id = $1`,
      [exercise.id],
    )) as AfterActionInput['objectiveRatings'];
    const responses = (await manager.query(
      `SELECT inject_id AS "injectId", organisation_id AS "organisationId", author_name AS "authorName", kind, text,
              exercise_seconds AS "exerciseSeconds", created_at AS "createdAt"
         FROM exercise_response WHERE exercise_id = $1 ORDER BY created_at`,
      [exercise.id],
    )) as AfterActionInput['responses'];
    const events = (await manager.query(
      `SELECT occurred_at AS "occurredAt", exercise_seconds AS "exerciseSeconds", kind, message,
              organisation_id AS "organisationId"
         FROM exercise_event WHERE exercise_id = $1 ORDER BY id`,
      [exercise.id],
    )) as AfterActionInput['events'];
    return {
      exercise: {
        id: exercise.id,
        title: exercise.title,
        description: exercise.description,
        status: exercise.status,
        speed: exercise.speed,
        scheduledAt: exercise.scheduledAt,
        startedAt: exercise.startedAt,
        finishedAt: exercise.finishedAt,
        scenario: {
          key: scenario?.key ?? '',
          version: version.number,
          titleJa: version.content.titleJa,
          titleEn: version.content.titleEn,
          narrativeJa: version.content.narrativeJa,
          narrativeEn: version.content.narrativeEn,
        },
      },
      objectives: exercise.objectives,
      participants,
      injects: injects.map((inject) => ({
        ...inject,
        sentAt: inject.sentAt ? new Date(inject.sentAt) : null,
      })),
      engagements: engagements.map((row) => ({
        ...row,
        firstAlertedAt: new Date(row.firstAlertedAt),
        acknowledgedAt: row.acknowledgedAt ? new Date(row.acknowledgedAt) : null,
      })),
      alerts,
      ratings,
      objectiveRatings,
      responses: responses.map((row) => ({ ...row, createdAt: new Date(row.createdAt) })),
      events: events.map((row) => ({ ...row, occurredAt: new Date(row.occurredAt) })),
      notes: exercise.reportNotes ?? { strengths: [], areasForImprovement: [] },
    };
  }

  /** Regenerates the report of a finished exercise (after late ratings or notes). */
  async regenerate(exerciseId: string): Promise<AfterActionReport> {
    return this.dataSource.transaction(async (manager) => {
      const exercise = await manager.getRepository(ExerciseEntity).findOneByOrFail({ id: exerciseId });
      return this.generate(manager, exercise);
    });
  }
}
