import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { badInput, notFound } from '@renkei/core/errors/domain.errors';
import { InquiryContactInput } from '../dto/public-statement.type';
import { InquiryContactEntity } from '../entities/inquiry-contact.entity';

/** The city's inquiry windows for residents (お問い合わせ窓口, IR②), kept by coordinators. */
@Injectable()
export class InquiryContactsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<InquiryContactEntity[]> {
    return this.dataSource
      .getRepository(InquiryContactEntity)
      .find({ order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' } });
  }

  async create(input: InquiryContactInput): Promise<InquiryContactEntity> {
    const values = this.validate(input);
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(InquiryContactEntity, manager.create(InquiryContactEntity, values));
      await this.audit.record(manager, {
        action: 'inquiry_contact.created',
        entityType: 'inquiry_contact',
        entityId: saved.id,
        data: values,
      });
      return saved;
    });
  }

  async update(id: string, input: InquiryContactInput): Promise<InquiryContactEntity> {
    const values = this.validate(input);
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(InquiryContactEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!existing) throw notFound('Inquiry contact', id);
      await manager.update(InquiryContactEntity, { id }, values);
      await this.audit.record(manager, {
        action: 'inquiry_contact.updated',
        entityType: 'inquiry_contact',
        entityId: id,
        data: values,
      });
      return (await manager.findOneBy(InquiryContactEntity, { id })) as InquiryContactEntity;
    });
  }

  async delete(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(InquiryContactEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!existing) throw notFound('Inquiry contact', id);
      await manager.delete(InquiryContactEntity, { id });
      await this.audit.record(manager, {
        action: 'inquiry_contact.deleted',
        entityType: 'inquiry_contact',
        entityId: id,
        data: { nameJa: existing.nameJa },
      });
      return true;
    });
  }

  private validate(input: InquiryContactInput) {
    const phone = input.phone?.trim() || null;
    const email = input.email?.trim() || null;
    const url = input.url?.trim() || null;
    if (!phone && !email && !url) {
      throw badInput(
        'input.phone',
        'Give residents a way to reach the window: a phone number, an email address or a URL',
      );
    }
    return {
      nameJa: input.nameJa.trim(),
      nameEn: input.nameEn?.trim() ?? '',
      phone,
      email,
      url,
      hoursJa: input.hoursJa?.trim() ?? '',
      hoursEn: input.hoursEn?.trim() ?? '',
      position: input.position ?? 0,
    };
  }
}
