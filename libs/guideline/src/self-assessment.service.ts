import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { notFound } from '@renkei/core/errors/domain.errors';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { applicableCategories } from './applicability';
import { CatalogueService } from './catalogue.service';
import { CategoryCoverage, CoverageCounts, computeCoverage, sumCoverage } from './coverage';
import { CheckSheetItemEntity } from './entities/check-sheet-item.entity';
import { SelfAssessmentEntryEntity } from './entities/self-assessment-entry.entity';
import { AssessmentStatus, CHECK_SHEET_CATEGORIES, CheckSheetCategory } from './guideline.enums';

export interface AssessedOrganisation {
  id: string;
  nameJa: string;
  nameEn: string;
  guidelineRoles: GuidelineRole[];
}

/** One item of the sheet with the organisation's answer (none: NOT_STARTED). */
export interface AssessedItem {
  item: CheckSheetItemEntity;
  applicable: boolean;
  entry: SelfAssessmentEntryEntity | null;
  reviewerName: string | null;
  status: AssessmentStatus;
}

export interface OrganisationAssessment {
  organisation: AssessedOrganisation;
  edition: string;
  applicableCategories: CheckSheetCategory[];
  items: AssessedItem[];
  coverage: { categories: CategoryCoverage[]; total: CoverageCounts };
}

export interface CityOverview {
  edition: string;
  organisations: OrganisationAssessment[];
  categories: CategoryCoverage[];
  total: CoverageCounts;
}

type EntryRow = SelfAssessmentEntryEntity & { reviewerName: string | null };

/**
 * Reads of self-assessments (§4.2). An organisation sees its own; the promotion body's staff and
 * admins see every organisation's. The scope is part of each SQL statement.
 */
@Injectable()
export class SelfAssessmentService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
  ) {}

  /** The organisations the actor may read (one id, or all when `organisationId` is null). */
  private async organisations(actor: Actor, organisationId: string | null): Promise<AssessedOrganisation[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, name_ja, name_en, guideline_roles FROM organisation
        WHERE ($1::uuid IS NULL OR id = $1) AND ($2::uuid IS NULL OR id = $2)
        ORDER BY name_ja, id`,
      [organisationId, isCityWide(actor) ? null : actor.organisationId],
    )) as { id: string; name_ja: string; name_en: string; guideline_roles: GuidelineRole[] }[];
    return rows.map((row) => ({
      id: row.id,
      nameJa: row.name_ja,
      nameEn: row.name_en,
      guidelineRoles: row.guideline_roles,
    }));
  }

  private async entries(organisationIds: string[], edition: string): Promise<EntryRow[]> {
    if (!organisationIds.length) return [];
    const entities = await this.dataSource
      .getRepository(SelfAssessmentEntryEntity)
      .createQueryBuilder('entry')
      .leftJoin('entry.reviewer', 'reviewer')
      .addSelect(['reviewer.id', 'reviewer.displayName'])
      .where('entry.organisation_id IN (:...organisationIds)', { organisationIds })
      .andWhere('entry.edition = :edition', { edition })
      .getMany();
    return entities.map((entity) =>
      Object.assign(entity, { reviewerName: entity.reviewer?.displayName ?? null }),
    );
  }

  private assemble(
    organisation: AssessedOrganisation,
    edition: string,
    items: CheckSheetItemEntity[],
    entries: EntryRow[],
  ): OrganisationAssessment {
    const categories = applicableCategories(organisation.guidelineRoles);
    const byKey = new Map(entries.map((entry) => [entry.itemKey, entry]));
    const assessed = items.map((item) => {
      const entry = byKey.get(item.key) ?? null;
      return {
        item,
        applicable: categories.includes(item.category),
        entry,
        reviewerName: entry?.reviewerName ?? null,
        status: entry?.status ?? AssessmentStatus.NOT_STARTED,
      };
    });
    return {
      organisation,
      edition,
      applicableCategories: categories,
      items: assessed,
      coverage: computeCoverage(
        assessed.map((a) => ({ category: a.item.category, applicable: a.applicable, status: a.status })),
      ),
    };
  }

  /** One organisation's sheet; another organisation's (outside the promotion body) is NOT_FOUND. */
  async forOrganisation(
    actor: Actor,
    organisationId: string,
    edition?: string,
  ): Promise<OrganisationAssessment> {
    const resolved = await this.catalogue.resolveEdition(edition, 'edition');
    const [organisation] = await this.organisations(actor, organisationId);
    if (!organisation) throw notFound('Organisation', organisationId);
    const items = await this.catalogue.checkSheetItems({ edition: resolved });
    return this.assemble(organisation, resolved, items, await this.entries([organisation.id], resolved));
  }

  /**
   * Every visible organisation with something to answer for, and the totals per category: the
   * coordinator's roll-up (one's own organisation only outside the promotion body).
   */
  async overview(actor: Actor, edition?: string): Promise<CityOverview> {
    const resolved = await this.catalogue.resolveEdition(edition, 'edition');
    const organisations = (await this.organisations(actor, null)).filter(
      (organisation) => applicableCategories(organisation.guidelineRoles).length > 0,
    );
    const items = await this.catalogue.checkSheetItems({ edition: resolved });
    const entries = await this.entries(
      organisations.map((organisation) => organisation.id),
      resolved,
    );
    const assessments = organisations.map((organisation) =>
      this.assemble(
        organisation,
        resolved,
        items,
        entries.filter((entry) => entry.organisationId === organisation.id),
      ),
    );
    return {
      edition: resolved,
      organisations: assessments,
      categories: CHECK_SHEET_CATEGORIES.map((category) => ({
        category,
        ...sumCoverage(assessments.map((a) => a.coverage.categories.find((c) => c.category === category)!)),
      })),
      total: sumCoverage(assessments.map((a) => a.coverage.total)),
    };
  }
}
