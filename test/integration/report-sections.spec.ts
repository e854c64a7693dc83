import { escapeHtml } from '@renkei/alerting/pages/html';
import { formatTokyoTime } from '@renkei/alerting/email/alert-labels';
import { PlatformRole } from '@renkei/core/context/actor';
import { GuidelineRole, RelationshipKind } from '@renkei/directory/directory.enums';
import { OrganisationRelationshipEntity } from '@renkei/directory/entities/organisation-relationship.entity';
import { ensureStatutoryRules, PPC_NAME_JA } from '@renkei/obligations/statutory-rules';
import { escapeMarkdownLine } from '@renkei/reporting/report/report-render';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { Fixtures, PASSWORD } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * What other contexts put into the incident report: the statutory reports (STATUTORY_OBLIGATIONS,
 * from obligations) and the runbook step behind each task (from runbooks), in Japanese and English
 * and every format, each read with the reader's rights under its own context's rules.
 */

const DAY = 86_400_000;
const FORMATS = ['MARKDOWN', 'HTML', 'PRINT_HTML'] as const;
const LANGUAGES = ['JA', 'EN'] as const;
const REPORT = `query($id: ID!, $language: ReportLanguage, $format: ReportFormat, $templateId: ID) {
  incidentReport(incidentId: $id, language: $language, format: $format, templateId: $templateId)
}`;
const RECORD = `query($id: ID!) { incident(id: $id) {
  obligations { id stageKey stageNameJa stageNameEn ownerOrganisationId delegatedFromOrganisationId dueAt status submittedAt submissionReference }
  tasks { id title status runbookStep { applicationId position checkSheetKeys cpsfMeasureIds } }
  appliedRunbooks { id version { number titleJa titleEn steps { position titleJa titleEn } } }
} }`;

type Format = (typeof FORMATS)[number];
type Language = (typeof LANGUAGES)[number];

/** One table cell as the renderer writes it. */
const cell = (format: Format, text: string) =>
  format === 'MARKDOWN' ? escapeMarkdownLine(text) : escapeHtml(text);

/** A highlighted cell as the renderer writes it. */
const highlightedCell = (format: Format, text: string) =>
  format === 'MARKDOWN'
    ? `**${escapeMarkdownLine(text)}**`
    : `<td class="highlight"><strong>${escapeHtml(text)}</strong></td>`;

describe('report sections from obligations and runbooks', () => {
  let t: TestApp;
  let coordinator: string;
  let contractorResponder: string;
  let outsider: string;
  let incidentId: string;
  let reference: string;
  const tag = Math.random().toString(36).slice(2, 8);
  const names = {} as Record<'client' | 'contractor' | 'ppc', { ja: string; en: string }>;
  const receipt = `PPC-${tag}-0042`;

  const record = async (token: string) => (await t.gqlOk(RECORD, { id: incidentId }, token)).incident;
  const report = (token: string, language: Language, format: Format, templateId?: string) =>
    t.gql(REPORT, { id: incidentId, language, format, templateId }, token);

  beforeAll(async () => {
    t = await startTestApp();
    const f = new Fixtures(t.dataSource);
    await t.dataSource.transaction((manager) => ensureStatutoryRules(manager));
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    const client = await f.organisation({
      nameJa: `委託元-${tag}`,
      nameEn: `Client ${tag}`,
      guidelineRoles: [GuidelineRole.SERVICE_PROVIDER],
    });
    const contractor = await f.organisation({
      nameJa: `受託者-${tag}`,
      nameEn: `Contractor ${tag}`,
      guidelineRoles: [GuidelineRole.CITY_OS_VENDOR],
    });
    const other = await f.organisation({ guidelineRoles: [GuidelineRole.DATA_PROVIDER] });
    const [ppc] = await t.dataSource.query(`SELECT name_ja, name_en FROM organisation WHERE name_ja = $1`, [
      PPC_NAME_JA,
    ]);
    names.client = { ja: client.nameJa, en: client.nameEn };
    names.contractor = { ja: contractor.nameJa, en: contractor.nameEn };
    names.ppc = { ja: ppc.name_ja, en: ppc.name_en };
    await t.dataSource.getRepository(OrganisationRelationshipEntity).save({
      kind: RelationshipKind.OUTSOURCING,
      clientOrganisationId: client.id,
      contractorOrganisationId: contractor.id,
      description: '住民ポータルの運用委託',
    });
    const component = await f.component({
      nameJa: `住民ポータル-${tag}`,
      operatingOrganisationId: contractor.id,
    });
    await f.assign(component, contractor, Duty.RESPONSIBLE);
    coordinator = await t.login((await f.user(city, PlatformRole.COORDINATOR)).email, PASSWORD);
    contractorResponder = await t.login((await f.user(contractor, PlatformRole.RESPONDER)).email, PASSWORD);
    outsider = await t.login((await f.user(other, PlatformRole.RESPONDER)).email, PASSWORD);

    // Known 40 days ago: the preliminary (5 days) and the final (30 days) reports are both past due.
    const detectedAt = new Date(Date.now() - 40 * DAY);
    detectedAt.setMilliseconds(0);
    const { reportIncident } = await t.gqlOk(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id reference } } }`,
      {
        input: {
          title: `住民ポータルからの個人データ漏えい ${tag}`,
          severity: 'SEV2',
          category: 'DATA_BREACH',
          tlp: 'AMBER',
          componentIds: [component.id],
          detectedAt: detectedAt.toISOString(),
        },
      },
      contractorResponder,
    );
    incidentId = reportIncident.incident.id;
    reference = reportIncident.incident.reference;
    await t.gqlOk(
      `mutation($id: ID!, $input: UpdateIncidentInput!) { updateIncident(id: $id, input: $input) { id } }`,
      { id: incidentId, input: { personalDataInvolved: true } },
      contractorResponder,
    );
    const { obligations } = await record(coordinator);
    const preliminary = obligations.find((o: any) => o.stageKey === 'preliminary');
    const final = obligations.find((o: any) => o.stageKey === 'final');
    // The preliminary report went in late, with the PPC's receipt number…
    await t.gqlOk(
      `mutation($id: ID!, $input: SubmitObligationInput!) { submitObligation(id: $id, input: $input) { status } }`,
      { id: preliminary.id, input: { reference: receipt } },
      contractorResponder,
    );
    // …and the contractor told its client, so the open final report passed to the client.
    await t.gqlOk(
      `mutation($id: ID!, $input: CommissionerNotifiedInput) { recordCommissionerNotified(id: $id, input: $input) { id } }`,
      { id: final.id, input: { notifiedBy: `運用責任者-${tag}` } },
      contractorResponder,
    );

    // The city-wide example runbook, and the contractor's own (a STAKEHOLDER runbook).
    const [example] = await t.dataSource.query(
      `SELECT current_version_id FROM runbook WHERE is_example AND example_key = 'personal-data-leak'`,
    );
    await t.gqlOk(
      `mutation($i: ID!, $v: ID!) { applyRunbook(incidentId: $i, runbookVersionId: $v) { id } }`,
      { i: incidentId, v: example.current_version_id },
      coordinator,
    );
    const created = await t.gqlOk(
      `mutation($input: CreateRunbookInput!) { createRunbook(input: $input) { id } }`,
      {
        input: {
          scope: 'STAKEHOLDER',
          content: {
            titleJa: `受託者の社内手順-${tag}`,
            titleEn: `Contractor in-house procedure ${tag}`,
            steps: [
              {
                key: 'preserve',
                titleJa: `ログ保全-${tag}`,
                titleEn: `Preserve the logs ${tag}`,
                assigneeKind: 'REPORTER',
                expectedMinutes: 60,
                checkSheetKeys: ['IR-1'],
                cpsfMeasureIds: ['CPS.AN-1'],
              },
            ],
          },
        },
      },
      contractorResponder,
    );
    const published = await t.gqlOk(
      `mutation($id: ID!) { publishRunbook(runbookId: $id) { currentVersion { id } } }`,
      { id: created.createRunbook.id },
      contractorResponder,
    );
    await t.gqlOk(
      `mutation($i: ID!, $v: ID!) { applyRunbook(incidentId: $i, runbookVersionId: $v) { id } }`,
      { i: incidentId, v: published.publishRunbook.currentVersion.id },
      contractorResponder,
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('puts the statutory reports in the default template, after the tasks (a data migration)', async () => {
    const { reportTemplates } = await t.gqlOk(`{ reportTemplates { isDefault sections } }`, {}, outsider);
    const standard = reportTemplates.find((template: any) => template.isDefault);
    expect(standard.sections).toEqual([
      'SUMMARY',
      'IMPACT',
      'COMPONENTS',
      'PARTICIPANTS',
      'ALERTS',
      'TIMELINE',
      'TASKS',
      'STATUTORY_OBLIGATIONS',
    ]);
  });

  it('lists each obligation with its authority, owner, due time in Japan time, status (overdue highlighted), submission and hand-over, in both languages and every format', async () => {
    const { obligations } = await record(coordinator);
    const preliminary = obligations.find((o: any) => o.stageKey === 'preliminary');
    const final = obligations.find((o: any) => o.stageKey === 'final');
    expect([preliminary.status, preliminary.submissionReference]).toEqual(['SUBMITTED_LATE', receipt]);
    expect([final.status, final.delegatedFromOrganisationId === null]).toEqual(['OVERDUE', false]);
    const text = {
      JA: {
        heading: '法令に基づく報告（報告義務と期限）',
        rule: '個人データの漏えい等の報告（個人情報保護法第26条）',
        late: '期限後に提出',
        overdue: '期限超過（未提出）',
        handOver: `確報：受託者 ${names.contractor.ja} から委託元 ${names.client.ja} へ移転`,
      },
      EN: {
        heading: 'Statutory reports and their deadlines',
        rule: 'Personal data breach report (APPI Art. 26)',
        late: 'Submitted late',
        overdue: 'OVERDUE (not submitted)',
        handOver: `Final report: passed from the contractor ${names.contractor.en} to the commissioning organisation ${names.client.en}`,
      },
    };
    const failures: string[] = [];
    for (const language of LANGUAGES) {
      const l = language === 'JA' ? 'ja' : 'en';
      const expected = text[language];
      for (const format of FORMATS) {
        const body: string = (await report(coordinator, language, format)).data.incidentReport;
        const where = `${language} ${format}`;
        const must = [
          format === 'MARKDOWN'
            ? `## ${cell(format, expected.heading)}`
            : `<h2>${escapeHtml(expected.heading)}</h2>`,
          cell(format, expected.rule),
          cell(format, names.ppc[l]),
          cell(format, names.contractor[l]),
          cell(format, formatTokyoTime(new Date(preliminary.dueAt))),
          cell(format, formatTokyoTime(new Date(preliminary.submittedAt))),
          cell(format, receipt),
          cell(format, expected.late),
          highlightedCell(format, expected.overdue),
          cell(format, expected.handOver),
          cell(format, `運用責任者-${tag}`),
        ];
        for (const piece of must) if (!body.includes(piece)) failures.push(`${where}: lacks ${piece}`);
        // The final report's due cell is highlighted too, with its Japan time.
        const dueCell = new RegExp(
          format === 'MARKDOWN'
            ? `\\*\\*${escapeRegExp(formatTokyoTime(new Date(final.dueAt)))}[^|]*\\*\\*`
            : `<td class="highlight"><strong>${escapeRegExp(formatTokyoTime(new Date(final.dueAt)))}`,
        );
        if (!dueCell.test(body)) failures.push(`${where}: the overdue due time is not highlighted`);
        // Only the overdue report is highlighted: the late-but-submitted one is not.
        if (body.includes(highlightedCell(format, expected.late)))
          failures.push(`${where}: highlights a submitted report`);
        // The section follows TASKS, as the template orders it.
        const heading = (name: string) => (format === 'MARKDOWN' ? `\n## ${name}\n` : `<h2>${name}</h2>`);
        const tasksAt = body.indexOf(heading(language === 'JA' ? 'タスク' : 'Tasks'));
        const obligationsAt = body.indexOf(
          heading(format === 'MARKDOWN' ? cell(format, expected.heading) : escapeHtml(expected.heading)),
        );
        if (tasksAt < 0 || obligationsAt < tasksAt) failures.push(`${where}: out of order`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('shows the runbook step behind each task — runbook, step, check-sheet keys and CPSF ids — and the runbooks applied', async () => {
    const { tasks, appliedRunbooks } = await record(coordinator);
    const example = appliedRunbooks.find((a: any) => a.version.titleEn.startsWith('Personal data leak'));
    const fromExample = tasks.filter(
      (task: any) => task.runbookStep?.applicationId === example.id && task.runbookStep.cpsfMeasureIds.length,
    );
    expect(fromExample.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const language of LANGUAGES) {
      const ja = language === 'JA';
      for (const format of FORMATS) {
        const body: string = (await report(coordinator, language, format)).data.incidentReport;
        for (const task of fromExample) {
          const step = example.version.steps.find((s: any) => s.position === task.runbookStep.position);
          const stepCell = `${ja ? example.version.titleJa : example.version.titleEn} v${example.version.number} › ${
            task.runbookStep.position + 1
          }. ${ja ? step.titleJa : step.titleEn}`;
          const items = [
            ...(task.runbookStep.checkSheetKeys.length
              ? [`${ja ? 'チェックシート' : 'Check sheet'}: ${task.runbookStep.checkSheetKeys.join(', ')}`]
              : []),
            `CPSF: ${task.runbookStep.cpsfMeasureIds.join(', ')}`,
          ].join(ja ? '／' : '; ');
          // The step and the items are cells of the task's own row.
          const row =
            format === 'MARKDOWN'
              ? body.split('\n').find((line) => line.startsWith(`| ${cell(format, task.title)} |`))
              : body.split('<tr>').find((line) => line.startsWith(`<td>${escapeHtml(task.title)}</td>`));
          if (!row?.includes(cell(format, stepCell)) || !row.includes(cell(format, items)))
            failures.push(`${language} ${format}: the row of ${task.title} is ${row}`);
        }
        const applied = ja
          ? `${example.version.titleJa} v${example.version.number} — `
          : `${example.version.titleEn} v${example.version.number} — applied `;
        if (!body.includes(cell(format, applied))) failures.push(`${language} ${format}: lacks ${applied}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('gives a reader who may not see the incident nothing', async () => {
    for (const language of LANGUAGES) {
      for (const format of FORMATS) {
        const result = await report(outsider, language, format);
        expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        expect(result.data).toBeNull();
        const text = JSON.stringify(result);
        for (const secret of [reference, receipt, names.client.en, `Contractor in-house procedure ${tag}`])
          expect(text).not.toContain(secret);
      }
    }
  });

  it('gives another organisation’s reader of a TLP:GREEN incident what the obligations and runbooks read rules allow it', async () => {
    await t.gqlOk(
      `mutation($id: ID!, $input: UpdateIncidentInput!) { updateIncident(id: $id, input: $input) { id } }`,
      { id: incidentId, input: { tlp: 'GREEN' } },
      contractorResponder,
    );
    // The obligations read rule: whoever sees the incident sees its obligations — exactly what the API gives it.
    const seen = await record(outsider);
    expect(seen.obligations.map((o: any) => o.status).sort()).toEqual(['OVERDUE', 'SUBMITTED_LATE']);
    const own = `Contractor in-house procedure ${tag}`;
    for (const format of FORMATS) {
      const body: string = (await report(outsider, 'EN', format)).data.incidentReport;
      for (const o of seen.obligations) {
        expect(body).toContain(cell(format, formatTokyoTime(new Date(o.dueAt))));
        expect(body).toContain(cell(format, o.stageNameEn));
      }
      expect(body).toContain(cell(format, receipt));
      expect(body).toContain(highlightedCell(format, 'OVERDUE (not submitted)'));
      // The contractor's own runbook is not named to another organisation; its step and items are
      // (the task and Task.runbookStep are visible to whoever sees the incident).
      expect(body).not.toContain(own);
      expect(body).toContain(cell(format, `An organisation’s own runbook v1 › 1. Preserve the logs ${tag}`));
      expect(body).toContain(cell(format, 'Check sheet: IR-1; CPSF: CPS.AN-1'));
    }
    // Its owner and the promotion body's coordinator see its name.
    for (const token of [contractorResponder, coordinator]) {
      const body: string = (await report(token, 'EN', 'MARKDOWN')).data.incidentReport;
      expect(body).toContain(cell('MARKDOWN', `${own} v1 › 1. Preserve the logs ${tag}`));
    }
  });

  it('prints only the sections a template names', async () => {
    const { createReportTemplate } = await t.gqlOk(
      `mutation($input: ReportTemplateInput!) { createReportTemplate(input: $input) { id } }`,
      { input: { name: `Without clocks ${tag}`, languages: ['EN'], sections: ['SUMMARY', 'TASKS'] } },
      coordinator,
    );
    const body: string = (await report(coordinator, 'EN', 'MARKDOWN', createReportTemplate.id)).data
      .incidentReport;
    expect(
      body
        .split('\n')
        .filter((line) => line.startsWith('## '))
        .slice(1),
    ).toEqual(['## Summary', '## Tasks']);
    expect(body).not.toContain('Personal data breach report');
    expect(body).not.toContain(receipt);
    // The runbook columns belong to the tasks section and stay.
    expect(body).toContain('Runbook step');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
