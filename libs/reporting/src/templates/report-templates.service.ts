import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { isUuid, rethrowConstraint } from '@renkei/core/database/database-errors';
import { badInput, notFound } from '@renkei/core/errors/domain.errors';
import { ReportTemplateInput } from '../dto/report-template.type';
import { ReportTemplateEntity, SectionHeadings } from '../entities/report-template.entity';
import { ReportSectionRegistry } from '../report/report-sections';

const NAME_TAKEN = { unique: ['input.name', 'A report template with this name exists'] as [string, string] };

/** The city's report templates (IR③ 報告様式), kept by coordinators; exactly one is the default. */
@Injectable()
export class ReportTemplatesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly registry: ReportSectionRegistry,
  ) {}

  async list(): Promise<ReportTemplateEntity[]> {
    return this.dataSource
      .getRepository(ReportTemplateEntity)
      .find({ order: { isDefault: 'DESC', name: 'ASC' } });
  }

  /** The template asked for, or the default one. */
  async resolve(id: string | undefined | null): Promise<ReportTemplateEntity> {
    const repository = this.dataSource.getRepository(ReportTemplateEntity);
    if (id) {
      const template = isUuid(id) ? await repository.findOneBy({ id }) : null;
      if (!template) throw notFound('Report template', id);
      return template;
    }
    const template = await repository.findOne({ where: { isDefault: true } });
    if (!template) throw notFound('Default report template');
    return template;
  }

  async create(input: ReportTemplateInput): Promise<ReportTemplateEntity> {
    const values = this.validate(input);
    return this.dataSource
      .transaction(async (manager) => {
        const hasDefault = await manager.exists(ReportTemplateEntity, { where: { isDefault: true } });
        const isDefault = input.isDefault === true || !hasDefault;
        if (isDefault) await this.clearDefault(manager);
        const saved = await manager.save(
          ReportTemplateEntity,
          manager.create(ReportTemplateEntity, { ...values, isDefault }),
        );
        await this.audit.record(manager, {
          action: 'report_template.created',
          entityType: 'report_template',
          entityId: saved.id,
          data: { name: saved.name, sections: saved.sections, isDefault },
        });
        return saved;
      })
      .catch((error: unknown) => rethrowConstraint(error, NAME_TAKEN));
  }

  async update(id: string, input: ReportTemplateInput): Promise<ReportTemplateEntity> {
    const values = this.validate(input);
    return this.dataSource
      .transaction(async (manager) => {
        const template = await manager.findOne(ReportTemplateEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!template) throw notFound('Report template', id);
        if (template.isDefault && input.isDefault === false) {
          throw badInput('input.isDefault', 'Make another template the default instead');
        }
        const isDefault = template.isDefault || input.isDefault === true;
        if (isDefault && !template.isDefault) await this.clearDefault(manager);
        await manager.update(
          ReportTemplateEntity,
          { id },
          { ...values, isDefault, version: template.version + 1 },
        );
        await this.audit.record(manager, {
          action: 'report_template.updated',
          entityType: 'report_template',
          entityId: id,
          data: { name: values.name, sections: values.sections, isDefault },
        });
        return (await manager.findOneBy(ReportTemplateEntity, { id })) as ReportTemplateEntity;
      })
      .catch((error: unknown) => rethrowConstraint(error, NAME_TAKEN));
  }

  async delete(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const template = await manager.findOne(ReportTemplateEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!template) throw notFound('Report template', id);
      if (template.isDefault)
        throw badInput('id', 'The default template cannot be deleted; make another one the default first');
      await manager.delete(ReportTemplateEntity, { id });
      await this.audit.record(manager, {
        action: 'report_template.deleted',
        entityType: 'report_template',
        entityId: id,
        data: { name: template.name },
      });
      return true;
    });
  }

  private async clearDefault(manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE report_template SET is_default = false, updated_at = now() WHERE is_default`);
  }

  /** Section keys must be known (built-in or registered by a context); headings must name listed sections. */
  private validate(
    input: ReportTemplateInput,
  ): Omit<ReportTemplateEntity, 'id' | 'isDefault' | 'createdAt' | 'updatedAt' | 'version'> {
    const known = new Set(this.registry.knownKeys());
    const unknown = input.sections.find((section) => !known.has(section));
    if (unknown) {
      throw badInput(
        'input.sections',
        `Unknown section ${unknown}; known sections: ${[...known].join(', ')}`,
      );
    }
    const headings: SectionHeadings = {};
    for (const heading of input.headings ?? []) {
      if (!known.has(heading.section)) {
        throw badInput('input.headings', `Unknown section ${heading.section}`);
      }
      if (headings[heading.section]) throw badInput('input.headings', `${heading.section} has two headings`);
      const text: { ja?: string; en?: string } = {};
      if (heading.ja?.trim()) text.ja = heading.ja.trim();
      if (heading.en?.trim()) text.en = heading.en.trim();
      headings[heading.section] = text;
    }
    return {
      name: input.name.trim(),
      description: input.description?.trim() ?? '',
      languages: input.languages,
      sections: input.sections,
      headings,
      introJa: input.introJa ?? '',
      introEn: input.introEn ?? '',
      closingJa: input.closingJa ?? '',
      closingEn: input.closingEn ?? '',
    };
  }
}
