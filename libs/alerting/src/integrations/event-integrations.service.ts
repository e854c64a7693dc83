import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { Permission, roleHas } from '@renkei/core/auth/permissions';
import { Actor, PlatformRole, isCityWide } from '@renkei/core/context/actor';
import { sha256Hex } from '@renkei/core/crypto/secret-box';
import { isUuid } from '@renkei/core/database/database-errors';
import { badInput, notFound } from '@renkei/core/errors/domain.errors';
import { ApiKeyEntity } from '@renkei/identity/entities/api-key.entity';
import { IncidentCategory, Tlp } from '@renkei/incidents/incidents.enums';
import { ResponsibilityService } from '@renkei/responsibility/responsibility.service';
import { EventIntegrationEntity } from '../entities/event-integration.entity';
import { CreateEventIntegrationInput } from './create-event-integration.input';

/** The actor an API key acts as, built exactly as the authentication of a request builds it. */
export function apiKeyActor(key: Pick<ApiKeyEntity, 'id' | 'name' | 'organisationId' | 'role'>): Actor {
  return {
    kind: 'apiKey',
    id: key.id,
    userId: null,
    organisationId: key.organisationId,
    role: key.role,
    displayName: `API key ${key.name}`,
  };
}

/** An integration found by its routing key, with the API key it acts as. */
export interface RoutedIntegration {
  id: string;
  name: string;
  componentId: string;
  category: IncidentCategory;
  tlp: Tlp;
  actor: Actor;
}

/**
 * PagerDuty-compatible routing keys. Managing them is managing what an API key does, so it follows
 * the API key rules: the promotion body manages any organisation's, others only their own.
 */
@Injectable()
export class EventIntegrationsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly map: ResponsibilityService,
  ) {}

  async list(actor: Actor): Promise<EventIntegrationEntity[]> {
    const query = this.dataSource
      .getRepository(EventIntegrationEntity)
      .createQueryBuilder('e')
      .orderBy('e.created_at', 'DESC')
      .addOrderBy('e.id', 'DESC');
    if (!isCityWide(actor)) {
      query
        .innerJoin(ApiKeyEntity, 'k', 'k.id = e.api_key_id')
        .where('k.organisation_id = :own', { own: actor.organisationId });
    }
    return query.getMany();
  }

  async create(
    actor: Actor,
    input: CreateEventIntegrationInput,
  ): Promise<{ integration: EventIntegrationEntity; routingKey: string }> {
    const tlp = input.tlp ?? Tlp.AMBER;
    if (tlp === Tlp.RED) {
      throw badInput(
        'input.tlp',
        'TLP:RED names the people who may see the incident; an API key cannot be one of them',
      );
    }
    // 32 lower-case hexadecimal characters, like a PagerDuty integration key.
    const routingKey = randomBytes(16).toString('hex');
    return this.dataSource.transaction(async (manager) => {
      const key = isUuid(input.apiKeyId)
        ? await manager.findOneBy(ApiKeyEntity, { id: input.apiKeyId })
        : null;
      if (!key || (!isCityWide(actor) && key.organisationId !== actor.organisationId)) {
        throw notFound('API key', input.apiKeyId);
      }
      if (key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= Date.now())) {
        throw badInput('input.apiKeyId', 'This API key is revoked or expired');
      }
      if (!roleHas(key.role, Permission.INCIDENT_REPORT)) {
        throw badInput('input.apiKeyId', `This API key's role (${key.role}) may not report incidents`);
      }
      // The events report as the key: the component must be one its organisation may report on.
      const reportable = await this.map.visibleComponents(apiKeyActor(key), [input.componentId], manager);
      if (reportable.length === 0) {
        throw badInput('input.componentId', `Component ${input.componentId} does not exist`);
      }
      const integration = await manager.save(
        manager.create(EventIntegrationEntity, {
          name: input.name.trim(),
          apiKeyId: key.id,
          componentId: input.componentId,
          routingKeyHash: sha256Hex(routingKey),
          routingKeyPrefix: routingKey.slice(0, 8),
          category: input.category ?? IncidentCategory.OTHER,
          tlp,
          lastEventAt: null,
          revokedAt: null,
        }),
      );
      await this.audit.record(manager, {
        action: 'event_integration.created',
        entityType: 'event_integration',
        entityId: integration.id,
        organisationId: key.organisationId,
        data: {
          name: integration.name,
          apiKeyId: key.id,
          componentId: integration.componentId,
          category: integration.category,
          tlp,
          routingKeyPrefix: integration.routingKeyPrefix,
        },
      });
      return { integration, routingKey };
    });
  }

  /** Idempotent: revoking a revoked integration changes nothing. */
  async revoke(actor: Actor, id: string): Promise<EventIntegrationEntity> {
    if (!isUuid(id)) throw notFound('Event integration', id);
    return this.dataSource.transaction(async (manager) => {
      const integration = await manager.findOne(EventIntegrationEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      const key = integration ? await manager.findOneBy(ApiKeyEntity, { id: integration.apiKeyId }) : null;
      if (!integration || (!isCityWide(actor) && key?.organisationId !== actor.organisationId)) {
        throw notFound('Event integration', id);
      }
      if (integration.revokedAt) return integration;
      integration.revokedAt = new Date();
      await manager.update(EventIntegrationEntity, { id }, { revokedAt: integration.revokedAt });
      await this.audit.record(manager, {
        action: 'event_integration.revoked',
        entityType: 'event_integration',
        entityId: id,
        organisationId: key?.organisationId ?? null,
        data: { name: integration.name, routingKeyPrefix: integration.routingKeyPrefix },
      });
      return integration;
    });
  }

  /**
   * The live integration behind a routing key, or null: unknown or revoked keys, and integrations
   * whose API key is revoked or expired (or whose organisation is gone), route nowhere.
   */
  async findByRoutingKey(routingKey: string): Promise<RoutedIntegration | null> {
    const [row] = (await this.dataSource.query(
      `SELECT e.id, e.name, e.component_id, e.category, e.tlp,
              k.id AS key_id, k.name AS key_name, k.organisation_id, k.role
         FROM event_integration e
         JOIN api_key k ON k.id = e.api_key_id
         JOIN organisation o ON o.id = k.organisation_id
        WHERE e.routing_key_hash = $1 AND e.revoked_at IS NULL
          AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
      [sha256Hex(routingKey)],
    )) as {
      id: string;
      name: string;
      component_id: string;
      category: IncidentCategory;
      tlp: Tlp;
      key_id: string;
      key_name: string;
      organisation_id: string;
      role: PlatformRole;
    }[];
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      componentId: row.component_id,
      category: row.category,
      tlp: row.tlp,
      actor: apiKeyActor({
        id: row.key_id,
        name: row.key_name,
        organisationId: row.organisation_id,
        role: row.role,
      }),
    };
  }

  async recordEvent(integrationId: string): Promise<void> {
    await this.dataSource.query(`UPDATE event_integration SET last_event_at = now() WHERE id = $1`, [
      integrationId,
    ]);
  }
}
