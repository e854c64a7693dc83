import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { isUuid } from '@renkei/core/database/database-errors';
import { badInput, notFound } from '@renkei/core/errors/domain.errors';
import { decodeCursor, encodeCursor, PageInput, pageSize } from '@renkei/core/pagination/connection';
import { appendTimeline } from '@renkei/incidents/incident-timeline';
import { TimelineEntryKind } from '@renkei/incidents/incidents.enums';
import { AlertState, DeliveryChannel } from './alerting.enums';
import { AlertEntity } from './entities/alert.entity';
import { DeliveryAttemptEntity, DeliveryEntity } from './entities/delivery.entity';
import { EngagementEntity } from './entities/engagement.entity';
import { EscalationEntity } from './entities/escalation.entity';
import { AlertJob, AlertQueue, enqueue } from './outbox';

/**
 * The dead-letter sort key at the precision of the cursor (a JavaScript date: milliseconds). failed_at
 * has microseconds, and every alert a statement fails shares one value: compared at full precision, a
 * cursor truncated to milliseconds would skip the rest of the rows failed in that millisecond.
 */
const FAILED_AT_MS = `date_trunc('milliseconds', a.failed_at)`;

/**
 * Reading alerts (the incident's record of who was told, how and with what result) and the operator's
 * dead-letter list. Callers pass incidents the actor may already see; alerts and deliveries of other
 * organisations are visible to the promotion body only (they name contacts of the directory).
 */
@Injectable()
export class AlertsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async alertsOf(actor: Actor, incidentIds: readonly string[]): Promise<AlertEntity[]> {
    return this.dataSource.getRepository(AlertEntity).find({
      where: {
        incidentId: In([...incidentIds]),
        ...(isCityWide(actor) ? {} : { organisationId: actor.organisationId }),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async deliveriesOf(
    alertIds: readonly string[],
  ): Promise<{ deliveries: DeliveryEntity[]; attempts: DeliveryAttemptEntity[] }> {
    if (alertIds.length === 0) return { deliveries: [], attempts: [] };
    const [deliveries, attempts] = await Promise.all([
      this.dataSource.getRepository(DeliveryEntity).find({
        where: { alertId: In([...alertIds]) },
        order: { createdAt: 'ASC' },
      }),
      this.dataSource.getRepository(DeliveryAttemptEntity).find({
        where: { alertId: In([...alertIds]) },
        order: { startedAt: 'ASC', attemptNumber: 'ASC' },
      }),
    ]);
    return { deliveries, attempts };
  }

  async engagementsOf(
    incidentIds: readonly string[],
  ): Promise<(EngagementEntity & { organisation: { nameJa: string; nameEn: string } })[]> {
    return (await this.dataSource.getRepository(EngagementEntity).find({
      where: { incidentId: In([...incidentIds]) },
      relations: { organisation: true },
      order: { firstAlertedAt: 'ASC' },
    })) as (EngagementEntity & { organisation: { nameJa: string; nameEn: string } })[];
  }

  /**
   * The city's escalations and, outside the promotion body, only one's own organisation's: another
   * organisation's own policy (its name, its id) is its business, as in PoliciesService.list.
   */
  async escalationsOf(actor: Actor, incidentIds: readonly string[]): Promise<EscalationEntity[]> {
    return this.dataSource.getRepository(EscalationEntity).find({
      where: {
        incidentId: In([...incidentIds]),
        ...(isCityWide(actor) ? {} : { scope: In(['city', actor.organisationId]) }),
      },
      order: { startedAt: 'ASC' },
    });
  }

  /** Alerts that failed on every channel, newest first. Operators (admin, coordinator) only. */
  async deadLetters(page?: PageInput): Promise<{ rows: AlertEntity[]; hasNextPage: boolean; total: number }> {
    const first = pageSize(page, this.config.maxPageSize);
    const query = this.dataSource
      .getRepository(AlertEntity)
      .createQueryBuilder('a')
      .where(`a.state = :state`, { state: AlertState.FAILED });
    const total = await query.getCount();
    if (page?.after) {
      const [failedAt, id] = decodeCursor(page.after, 2);
      if (
        typeof failedAt !== 'string' ||
        typeof id !== 'string' ||
        !isUuid(id) ||
        Number.isNaN(Date.parse(failedAt))
      ) {
        throw badInput('page.after', 'Invalid cursor');
      }
      query.andWhere(`(${FAILED_AT_MS}, a.id) < (:failedAt, :id)`, { failedAt: new Date(failedAt), id });
    }
    const rows = await query
      .orderBy(FAILED_AT_MS, 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(first + 1)
      .getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first, total };
  }

  static deadLetterCursor(alert: AlertEntity): string {
    return encodeCursor([(alert.failedAt ?? alert.createdAt).toISOString(), alert.id]);
  }

  /**
   * Sends a dead letter again from the contact's first channel, as it is now in the directory (fix the
   * address first, then re-drive). The earlier deliveries stay on the record.
   */
  async redrive(id: string): Promise<AlertEntity> {
    if (!isUuid(id)) throw notFound('Alert', id);
    return this.dataSource.transaction(async (manager) => {
      const alert = await manager.findOne(AlertEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!alert) throw notFound('Alert', id);
      if (alert.state !== AlertState.FAILED) {
        throw badInput('alertId', `Only failed alerts can be re-driven; this one is ${alert.state}`);
      }
      const [contact] = (await manager.query(
        `SELECT email, webhook_url, webhook_disabled_at, channel_order FROM contact WHERE id = $1`,
        [alert.contactId],
      )) as {
        email: string | null;
        webhook_url: string | null;
        webhook_disabled_at: Date | null;
        channel_order: DeliveryChannel[];
      }[];
      if (!contact) throw badInput('alertId', 'The contact of this alert was deleted; alert someone else');
      const channels = contact.channel_order.filter((channel) =>
        channel === DeliveryChannel.EMAIL
          ? Boolean(contact.email)
          : Boolean(contact.webhook_url) && !contact.webhook_disabled_at,
      );
      if (channels.length === 0) {
        throw badInput(
          'alertId',
          'The contact still has no usable channel: give it an email address or an enabled webhook first',
        );
      }
      const target = channels[0] === DeliveryChannel.EMAIL ? contact.email : contact.webhook_url;
      await manager.query(
        `UPDATE alert SET state = '${AlertState.PENDING}', channels = $2, channel_index = 0, failed_at = NULL, last_error = NULL, updated_at = now() WHERE id = $1`,
        [id, channels],
      );
      const [delivery] = (await manager.query(
        `INSERT INTO alert_delivery (alert_id, channel, target, state) VALUES ($1, $2, $3, 'PENDING') RETURNING id`,
        [id, channels[0], target],
      )) as { id: string }[];
      await enqueue(manager, [
        {
          queue: AlertQueue.DELIVERIES,
          name: AlertJob.DELIVER,
          jobId: `deliver_${delivery.id}`,
          payload: { deliveryId: delivery.id },
        },
      ]);
      await appendTimeline(
        manager,
        alert.incidentId,
        TimelineEntryKind.NOTE,
        'A failed alert was re-driven from the dead-letter list',
        { organisationId: alert.organisationId },
      );
      await this.audit.record(manager, {
        action: 'alert.redriven',
        entityType: 'alert',
        entityId: id,
        data: { incidentId: alert.incidentId, channels },
      });
      return (await manager.findOneBy(AlertEntity, { id })) as AlertEntity;
    });
  }
}
