import { MigrationInterface, QueryRunner } from 'typeorm';
import { catalogueScenarios } from '../libs/exercises/src/scenario-catalogue';

/**
 * The example scenarios of the exercise library, from the guideline catalogue (scenarios.json, v3.0):
 * written once, like the catalogue itself, in server and embedded mode alike; a scenario a city has
 * already (same key) is left alone. Examples are never edited in place — a city copies one to adapt it.
 */
export class ExerciseScenarioLibrary1796406856181 implements MigrationInterface {
  name = 'ExerciseScenarioLibrary1796406856181';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const examples = catalogueScenarios();
    await queryRunner.query(
      `WITH incoming AS (
         SELECT * FROM unnest($1::text[], $2::jsonb[]) AS x(key, content)
       ), scenarios AS (
         INSERT INTO exercise_scenario (key, origin, is_example, current_version, version)
         SELECT key, 'CATALOGUE', true, 1, 1 FROM incoming
         ON CONFLICT (key) DO NOTHING
         RETURNING id, key
       )
       INSERT INTO exercise_scenario_version (scenario_id, number, content)
       SELECT s.id, 1, i.content FROM scenarios s JOIN incoming i ON i.key = s.key`,
      [examples.map((example) => example.key), examples.map((example) => JSON.stringify(example.content))],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM exercise_scenario WHERE origin = 'CATALOGUE' AND is_example
          AND id NOT IN (SELECT scenario_id FROM exercise)`,
    );
  }
}
