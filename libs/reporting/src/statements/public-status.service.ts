import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { IncidentStatus, Tlp } from '@renkei/incidents/incidents.enums';
import { PublicStatementStatus } from '../reporting.enums';
import { InquiryContactsService } from './inquiry-contacts.service';
import { PublicStatusModel, publicStatusOf } from './status-page';

/** How many statements the public page lists (newest first). */
const PUBLIC_STATEMENT_LIMIT = 100;

/**
 * What the public status page may show, read without a caller: published statements whose incident
 * is TLP:CLEAR now, and the inquiry contacts. Only the columns below leave the database: the
 * statement's own text, the incident's reference and status — no incident id, TLP, organisation or
 * person.
 */
@Injectable()
export class PublicStatusService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly contacts: InquiryContactsService,
  ) {}

  async model(): Promise<PublicStatusModel> {
    const [rows, contacts] = await Promise.all([
      this.dataSource.query(
        `SELECT s.id, s.title_ja, s.title_en, s.body_ja, s.body_en, s.published_at, i.reference, i.status
           FROM public_statement s JOIN incident i ON i.id = s.incident_id
          WHERE s.status = $1 AND s.published_at IS NOT NULL
            AND i.tlp = $2 AND i.exercise_id IS NULL
          ORDER BY s.published_at DESC, s.id DESC
          LIMIT ${PUBLIC_STATEMENT_LIMIT}`,
        [PublicStatementStatus.PUBLISHED, Tlp.CLEAR],
      ) as Promise<
        {
          id: string;
          title_ja: string;
          title_en: string;
          body_ja: string;
          body_en: string;
          published_at: Date;
          reference: string;
          status: IncidentStatus;
        }[]
      >,
      this.contacts.list(),
    ]);
    return {
      baseUrl: this.config.publicUrl,
      generatedAt: new Date(),
      statements: rows.map((row) => ({
        id: row.id,
        incidentReference: row.reference,
        incidentStatus: publicStatusOf(row.status),
        publishedAt: new Date(row.published_at),
        title: { ja: row.title_ja, en: row.title_en },
        body: { ja: row.body_ja, en: row.body_en },
      })),
      contacts: contacts.map((c) => ({
        name: { ja: c.nameJa, en: c.nameEn },
        phone: c.phone,
        email: c.email,
        url: c.url,
        hours: { ja: c.hoursJa, en: c.hoursEn },
      })),
    };
  }
}
