import { Tlp } from '@renkei/incidents/incidents.enums';

/**
 * A table cell: plain text, or plain text the reader must not miss (an overdue statutory report),
 * which every format marks — bold in Markdown, a red cell in HTML and in print.
 */
export type ReportCell = string | { text: string; highlight: true };

export function highlighted(text: string): ReportCell {
  return { text, highlight: true };
}

/**
 * An incident report as data, before it is written in a format. Every string here is plain text
 * (whoever typed it): the renderers escape all of it, so nothing a user wrote becomes markup.
 */
export type ReportBlock =
  | { kind: 'paragraph'; text: string }
  /** Label/value pairs (a definition list). */
  | { kind: 'fields'; rows: { label: string; value: string }[] }
  | { kind: 'table'; columns: string[]; rows: ReportCell[][]; empty: string }
  | { kind: 'list'; items: string[] }
  /** A remark about what the section leaves out (for example, other organisations' alerts). */
  | { kind: 'note'; text: string };

export interface ReportSectionContent {
  key: string;
  heading: string;
  blocks: ReportBlock[];
}

export interface ReportDocument {
  language: 'ja' | 'en';
  /** "インシデント対応報告書" / "Incident report". */
  documentTitle: string;
  reference: string;
  incidentTitle: string;
  tlp: Tlp;
  /** The FIRST TLP 2.0 label and its definition in the report's language. */
  tlpLabel: string;
  tlpDefinition: string;
  /** "Generated 2026-03-04 10:15 JST for <reader> with template <name>". */
  generatedLine: string;
  intro: string;
  closing: string;
  sections: ReportSectionContent[];
}

/**
 * FIRST Traffic Light Protocol 2.0 definitions (https://www.first.org/tlp/), in English as published
 * and in Japanese, printed under the marking at the top and the bottom of every report.
 */
export const TLP_DEFINITION: Record<Tlp, { ja: string; en: string }> = {
  [Tlp.RED]: {
    en: 'For the eyes and ears of individual recipients only, no further disclosure.',
    ja: '個々の受信者のみが見聞きできる。これ以上の開示は不可。',
  },
  [Tlp.AMBER_STRICT]: {
    en: 'Limited disclosure, restricted to participants’ organization.',
    ja: '限定的な開示。受信者の組織内に限る。',
  },
  [Tlp.AMBER]: {
    en: 'Limited disclosure, recipients can only spread this on a need-to-know basis within their organization and its clients.',
    ja: '限定的な開示。受信者は、知る必要性に基づき、自組織およびその顧客の中でのみ共有できる。',
  },
  [Tlp.GREEN]: {
    en: 'Limited disclosure, recipients can spread this within their community.',
    ja: '限定的な開示。受信者は、自らのコミュニティ内で共有できる。',
  },
  [Tlp.CLEAR]: {
    en: 'Recipients can spread this to the world, there is no limit on disclosure.',
    ja: '受信者は、制限なく誰にでも共有できる。開示の制限はない。',
  },
};
