import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The city's starting escalation policies, by guideline role and duty rather than by id so that they
 * fit any directory: the responsible and accountable organisations' incident windows first, the
 * promotion body's CSIRT informed; then their emergency contacts and the city's CISO; then executives.
 * Coordinators edit them in Renkei. Outbox, alert and delivery tables stay append-mostly: no triggers.
 */
export class AlertingDefaults1795327270920 implements MigrationInterface {
  name = 'AlertingDefaults1795327270920';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const responders = { kind: 'DUTY', duties: ['RESPONSIBLE', 'ACCOUNTABLE'] };
    const steps = (delays: [number, number, number]) => [
      {
        escalateAfterSeconds: delays[0],
        targets: [
          { ...responders, contactKinds: ['INCIDENT_WINDOW'], acknowledgementRequired: true },
          {
            kind: 'DUTY',
            duties: ['CONSULTED', 'INFORMED'],
            contactKinds: ['INCIDENT_WINDOW'],
            acknowledgementRequired: false,
          },
          {
            kind: 'ROLE',
            role: 'PROMOTION_BODY',
            contactKinds: ['INCIDENT_WINDOW'],
            acknowledgementRequired: false,
          },
        ],
      },
      {
        escalateAfterSeconds: delays[1],
        targets: [
          { ...responders, contactKinds: ['EMERGENCY'], acknowledgementRequired: true },
          { kind: 'ROLE', role: 'PROMOTION_BODY', contactKinds: ['CISO'], acknowledgementRequired: false },
        ],
      },
      {
        escalateAfterSeconds: delays[2],
        targets: [{ ...responders, contactKinds: ['EXECUTIVE'], acknowledgementRequired: true }],
      },
    ];
    await queryRunner.query(
      `INSERT INTO escalation_policy (name, description, is_default, severities, categories, steps, repeat_count,
                                      reminder_interval_seconds, max_reminders, reescalate_after_seconds, reescalate_severities)
       VALUES ($1, $2, true, '{}', '{}', $3::jsonb, 1, NULL, 0, NULL, '{SEV1}'),
              ($4, $5, false, '{SEV1,SEV2}', '{}', $6::jsonb, 2, 120, 2, 3600, '{SEV1}')`,
      [
        '標準エスカレーション / Standard escalation',
        'City default: incident windows first, emergency contacts and the CISO after 15 minutes, executives after 30.',
        JSON.stringify(steps([900, 1800, 3600])),
        '重大インシデント / Critical and major incidents',
        'SEV1 and SEV2: emergency contacts and the CISO after 5 minutes, executives after 15; reminders every 2 minutes; a SEV1 acknowledged but unresolved for an hour is escalated again.',
        JSON.stringify(steps([300, 900, 1800])),
      ],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM escalation_policy WHERE organisation_id IS NULL`);
  }
}
