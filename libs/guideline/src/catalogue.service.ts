import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { badInput } from '@renkei/core/errors/domain.errors';
import { CheckSheetItemFilter, CpsfMeasureFilter } from './dto/catalogue.type';
import { CheckSheetItemEntity } from './entities/check-sheet-item.entity';
import { CpsfMeasureEntity } from './entities/cpsf-measure.entity';
import { GuidelineEditionEntity } from './entities/guideline-edition.entity';
import { GuidelineIncidentTypeEntity } from './entities/guideline-incident-type.entity';
import { GuidelineRoleEntity } from './entities/guideline-role.entity';

/** The guideline catalogue as imported into the database, by edition (reference data: no tenant scope). */
@Injectable()
export class CatalogueService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async editions(): Promise<GuidelineEditionEntity[]> {
    return this.dataSource.getRepository(GuidelineEditionEntity).find({ order: { edition: 'ASC' } });
  }

  /** The edition asked for, or the current one; an unknown edition is bad input naming `field`. */
  async resolveEdition(edition: string | undefined, field: string, manager?: EntityManager): Promise<string> {
    const repository = (manager ?? this.dataSource.manager).getRepository(GuidelineEditionEntity);
    const found = await repository.findOne({ where: edition ? { edition } : { isCurrent: true } });
    if (!found) {
      throw badInput(
        field,
        edition ? `Unknown guideline edition ${edition}` : 'No current guideline edition',
      );
    }
    return found.edition;
  }

  async checkSheetItems(filter: CheckSheetItemFilter = {}): Promise<CheckSheetItemEntity[]> {
    const edition = await this.resolveEdition(filter.edition, 'filter.edition');
    const query = this.dataSource
      .getRepository(CheckSheetItemEntity)
      .createQueryBuilder('item')
      .where('item.edition = :edition', { edition })
      .orderBy('item.position', 'ASC');
    if (filter.categories?.length)
      query.andWhere('item.category IN (:...categories)', { categories: filter.categories });
    if (filter.keys?.length) query.andWhere('item.key IN (:...keys)', { keys: filter.keys });
    return query.getMany();
  }

  async cpsfMeasures(filter: CpsfMeasureFilter = {}): Promise<CpsfMeasureEntity[]> {
    const edition = await this.resolveEdition(filter.edition, 'filter.edition');
    const query = this.dataSource
      .getRepository(CpsfMeasureEntity)
      .createQueryBuilder('measure')
      .where('measure.edition = :edition', { edition })
      // CPS.AC-1 … CPS.AC-9 before CPS.AC-10: by family, then the number.
      .orderBy('measure.family_code', 'ASC')
      .addOrderBy(`(substring(measure.id from '-(\\d+)$'))::int`, 'ASC');
    if (filter.families?.length)
      query.andWhere('measure.family_code IN (:...families)', { families: filter.families });
    if (filter.categories?.length)
      query.andWhere('measure.categories && CAST(:categories AS text[])', { categories: filter.categories });
    if (filter.ids?.length) query.andWhere('measure.id IN (:...ids)', { ids: filter.ids });
    return query.getMany();
  }

  async incidentTypes(edition?: string): Promise<GuidelineIncidentTypeEntity[]> {
    const resolved = await this.resolveEdition(edition, 'edition');
    return this.dataSource
      .getRepository(GuidelineIncidentTypeEntity)
      .find({ where: { edition: resolved }, order: { position: 'ASC' } });
  }

  async roles(edition?: string): Promise<GuidelineRoleEntity[]> {
    const resolved = await this.resolveEdition(edition, 'edition');
    return this.dataSource
      .getRepository(GuidelineRoleEntity)
      .find({ where: { edition: resolved }, order: { position: 'ASC' } });
  }
}
