import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { Actor } from '@renkei/core/context/actor';
import { SecretBox, safeEqual } from '@renkei/core/crypto/secret-box';
import { badInput } from '@renkei/core/errors/domain.errors';
import { DirectoryService, clearWebhookDisabled, generateWebhookSecret } from './directory.service';
import { WEBHOOK_SECRET_MESSAGE, WEBHOOK_SECRET_PATTERN } from './dto/directory.input';
import { ContactEntity } from './entities/contact.entity';

/**
 * The life of a contact's webhook endpoint after it is set: secret rotation with a rollover, and
 * re-enabling an endpoint the alert worker disabled. Who may do this is updateContact's rule
 * (DirectoryService.getContact): coordinators and admins for any contact, others for their own.
 */
@Injectable()
export class ContactWebhookService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
  ) {}

  /**
   * Replaces the signing secret with `secret`, or a generated one that is returned this once. The
   * old secret keeps signing beside the new one for webhookSecretRolloverSeconds (not at all when 0),
   * so the receiver can switch without refusing a delivery. Rotating again during a rollover drops
   * the oldest secret at once.
   */
  async rotateWebhookSecret(
    actor: Actor,
    contactId: string,
    secret?: string,
  ): Promise<{ contact: ContactEntity; webhookSecret: string | null }> {
    if (secret !== undefined && !WEBHOOK_SECRET_PATTERN.test(secret)) {
      throw badInput('secret', `secret ${WEBHOOK_SECRET_MESSAGE}`);
    }
    const next = secret ?? generateWebhookSecret();
    return this.dataSource.transaction(async (manager) => {
      const contact = await this.directory.getContact(actor, contactId, manager, { lock: true });
      if (!contact.webhookUrl) throw badInput('contactId', 'This contact has no webhook endpoint');
      const current = contact.webhookSecretSealed;
      if (secret !== undefined && current && safeEqual(this.secrets.decrypt(current), secret)) {
        throw badInput('secret', 'The new secret must differ from the current one');
      }
      const rolloverSeconds = this.config.webhookSecretRolloverSeconds;
      const keepPrevious = current !== null && rolloverSeconds > 0;
      contact.webhookPreviousSecretSealed = keepPrevious ? current : null;
      contact.webhookPreviousSecretExpiresAt = keepPrevious
        ? new Date(Date.now() + rolloverSeconds * 1000)
        : null;
      contact.webhookSecretSealed = this.secrets.encrypt(next);
      const saved = await manager.save(contact);
      await this.audit.record(manager, {
        action: 'contact.webhook_secret_rotated',
        entityType: 'contact',
        entityId: contact.id,
        organisationId: contact.organisationId,
        data: {
          generated: secret === undefined,
          previousSecretExpiresAt: contact.webhookPreviousSecretExpiresAt?.toISOString() ?? null,
        },
      });
      return { contact: saved, webhookSecret: secret === undefined ? next : null };
    });
  }

  /** Sends webhooks to a contact again after the alert worker disabled its endpoint (HTTP 410). */
  async enableWebhook(actor: Actor, contactId: string): Promise<ContactEntity> {
    return this.dataSource.transaction(async (manager) => {
      const contact = await this.directory.getContact(actor, contactId, manager, { lock: true });
      const { webhookDisabledAt, webhookDisabledReason } = contact;
      if (!webhookDisabledAt) throw badInput('contactId', 'Webhooks to this contact are not disabled');
      clearWebhookDisabled(contact);
      const saved = await manager.save(contact);
      await this.audit.record(manager, {
        action: 'contact.webhook_enabled',
        entityType: 'contact',
        entityId: contact.id,
        organisationId: contact.organisationId,
        data: { disabledAt: webhookDisabledAt.toISOString(), reason: webhookDisabledReason },
      });
      return saved;
    });
  }
}
