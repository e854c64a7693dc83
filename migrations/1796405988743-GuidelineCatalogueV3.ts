import { MigrationInterface, QueryRunner } from 'typeorm';
import checkSheet from '../libs/guideline/src/data/checksheet-v3.json';
import cpsfMeasures from '../libs/guideline/src/data/cpsf-measures.json';
import incidentTypes from '../libs/guideline/src/data/incident-types.json';
import roles from '../libs/guideline/src/data/roles.json';

const EDITION = '3.0';

interface CheckSheetJson {
  id: string;
  key: string;
  order: number;
  category: string;
  categoryLabel: { ja: string; en: string };
  group: { number: string; ja: string; en: string };
  titleJa: string;
  titleEn: string;
  descriptionJa: string;
  descriptionEn: string;
  section: string;
  sectionTitle: { ja: string; en: string };
  overviewSection: string;
  citedBySourceScenarios: string[];
  note?: string;
  idInSection?: string;
  titleJaInSection?: string;
  supplementJa?: string;
  supplementEn?: string;
}

/**
 * The guideline catalogue of edition 3.0, imported from the JSON shipped in libs/guideline/src/data.
 *
 * A data migration rather than an importer at boot: the catalogue of an edition is fixed text, so it
 * belongs to the schema's history — applied once, in order, in the same run as the tables it fills,
 * identically in server mode (the one-shot `migrate`) and embedded mode (migrations at start), with no
 * race between API replicas and no work at every boot. Those JSON files are the frozen 3.0 edition; a
 * next edition adds its own files and its own migration beside these rows (every row is keyed by its
 * edition), so 3.0's rows and the self-assessments made against them are never touched.
 */
export class GuidelineCatalogueV31796405988743 implements MigrationInterface {
  name = 'GuidelineCatalogueV31796405988743';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO guideline_edition (edition, title_ja, title_en, is_current) VALUES ($1, $2, $3, true)`,
      [EDITION, checkSheet.meta.document.titleJa, checkSheet.meta.document.titleEn],
    );
    // One statement per table: arrays of columns unnested row by row.
    const items = checkSheet.items as CheckSheetJson[];
    await queryRunner.query(
      `INSERT INTO check_sheet_item (edition, key, printed_id, position, category, category_label_ja, category_label_en,
                                     group_number, group_ja, group_en, title_ja, title_en, description_ja, description_en,
                                     section, section_title_ja, section_title_en, overview_section, supplement_ja,
                                     supplement_en, id_in_section, title_ja_in_section, note, scenario_ids)
       SELECT $1, x.key, x.printed_id, x.position, x.category, x.category_label_ja, x.category_label_en, x.group_number,
              x.group_ja, x.group_en, x.title_ja, x.title_en, x.description_ja, x.description_en, x.section,
              x.section_title_ja, x.section_title_en, x.overview_section, x.supplement_ja, x.supplement_en,
              x.id_in_section, x.title_ja_in_section, x.note,
              ARRAY(SELECT jsonb_array_elements_text(x.scenario_ids))
       FROM jsonb_to_recordset($2::jsonb) AS x(key text, printed_id text, position int, category text,
            category_label_ja text, category_label_en text, group_number text, group_ja text, group_en text,
            title_ja text, title_en text, description_ja text, description_en text, section text,
            section_title_ja text, section_title_en text, overview_section text, supplement_ja text,
            supplement_en text, id_in_section text, title_ja_in_section text, note text, scenario_ids jsonb)`,
      [
        EDITION,
        JSON.stringify(
          items.map((item) => ({
            key: item.key,
            printed_id: item.id,
            position: item.order,
            category: item.category,
            category_label_ja: item.categoryLabel.ja,
            category_label_en: item.categoryLabel.en,
            group_number: item.group.number,
            group_ja: item.group.ja,
            group_en: item.group.en,
            title_ja: item.titleJa,
            title_en: item.titleEn,
            description_ja: item.descriptionJa,
            description_en: item.descriptionEn,
            section: item.section,
            section_title_ja: item.sectionTitle.ja,
            section_title_en: item.sectionTitle.en,
            overview_section: item.overviewSection,
            supplement_ja: item.supplementJa ?? null,
            supplement_en: item.supplementEn ?? null,
            id_in_section: item.idInSection ?? null,
            title_ja_in_section: item.titleJaInSection ?? null,
            note: item.note ?? null,
            scenario_ids: item.citedBySourceScenarios ?? [],
          })),
        ),
      ],
    );
    await queryRunner.query(
      `INSERT INTO cpsf_measure (edition, id, family_code, family_ja, family_en, requirement_ja, requirement_ja_items,
                                 requirement_en, categories, incident_type_ids, note)
       SELECT $1, x.id, x.family_code, x.family_ja, x.family_en, x.requirement_ja,
              ARRAY(SELECT jsonb_array_elements_text(x.requirement_ja_items)), x.requirement_en,
              ARRAY(SELECT jsonb_array_elements_text(x.categories)),
              ARRAY(SELECT jsonb_array_elements_text(x.incident_type_ids)), x.note
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, family_code text, family_ja text, family_en text,
            requirement_ja text, requirement_ja_items jsonb, requirement_en text, categories jsonb,
            incident_type_ids jsonb, note text)`,
      [
        EDITION,
        JSON.stringify(
          cpsfMeasures.items.map((measure) => ({
            id: measure.id,
            family_code: measure.family.code,
            family_ja: measure.family.ja,
            family_en: measure.family.en,
            requirement_ja: measure.requirementJa,
            requirement_ja_items: measure.requirementJaItems,
            requirement_en: measure.requirementEn,
            categories: measure.categories,
            incident_type_ids: measure.referencedByIncidentTypes,
            note: (measure as { note?: string }).note ?? null,
          })),
        ),
      ],
    );
    await queryRunner.query(
      `INSERT INTO guideline_incident_type (edition, id, position, incident_ja, incident_en, cps_ids, threats)
       SELECT $1, x.id, x.position, x.incident_ja, x.incident_en, ARRAY(SELECT jsonb_array_elements_text(x.cps_ids)),
              x.threats
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, position int, incident_ja text, incident_en text,
            cps_ids jsonb, threats jsonb)`,
      [
        EDITION,
        JSON.stringify(
          incidentTypes.items.map((type, index) => ({
            id: type.id,
            position: index + 1,
            incident_ja: type.incidentJa,
            incident_en: type.incidentEn,
            cps_ids: type.cpsIds,
            threats: type.threats,
          })),
        ),
      ],
    );
    await queryRunner.query(
      `INSERT INTO guideline_role (edition, key, position, name_ja, name_en, definition_ja, definition_en,
                                   responsibilities_en)
       SELECT $1, x.key, x.position, x.name_ja, x.name_en, x.definition_ja, x.definition_en,
              ARRAY(SELECT jsonb_array_elements_text(x.responsibilities_en))
       FROM jsonb_to_recordset($2::jsonb) AS x(key text, position int, name_ja text, name_en text,
            definition_ja text, definition_en text, responsibilities_en jsonb)`,
      [
        EDITION,
        JSON.stringify(
          roles.items.map((role, index) => ({
            key: role.key,
            position: index + 1,
            name_ja: role.nameJa,
            name_en: role.nameEn,
            definition_ja: role.definitionJa,
            definition_en: role.definitionEn,
            responsibilities_en: role.responsibilitiesEn,
          })),
        ),
      ],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM self_assessment_entry WHERE edition = $1`, [EDITION]);
    for (const table of ['guideline_role', 'guideline_incident_type', 'cpsf_measure', 'check_sheet_item']) {
      await queryRunner.query(`DELETE FROM ${table} WHERE edition = $1`, [EDITION]);
    }
    await queryRunner.query(`DELETE FROM guideline_edition WHERE edition = $1`, [EDITION]);
  }
}
