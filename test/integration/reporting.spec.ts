import { formatTokyoTime } from '@renkei/alerting/email/alert-labels';
import { PlatformRole } from '@renkei/core/context/actor';
import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { child, children, parseXml } from '../../libs/reporting/src/__tests__/xml-check';
import { DEMO_PASSWORD, seedDemoCity } from '@renkei/demo/demo-city';
import { hashPassword } from '@renkei/identity/auth/password';
import { Fixtures, PASSWORD } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Reporting: the incident report (content, TLP and visibility in every format, the download), the
 * statements to residents (drafting, approval, TLP gating), the public status page (nothing but
 * published statements on TLP:CLEAR incidents, no login) and the response-time metrics.
 */

const TLPS = ['RED', 'AMBER_STRICT', 'AMBER', 'GREEN', 'CLEAR'] as const;
const FORMATS = ['MARKDOWN', 'HTML', 'PRINT_HTML'] as const;

interface Person {
  id: string;
  name: string;
  token: string;
  org: 'P' | 'A' | 'B';
}

interface Reported {
  id: string;
  reference: string;
  title: string;
  tlp: string;
  org: 'A' | 'B';
}

const REPORT = `query($id: ID!, $language: ReportLanguage, $format: ReportFormat) {
  incidentReport(incidentId: $id, language: $language, format: $format)
}`;

describe('reporting', () => {
  let t: TestApp;
  const orgs = {} as Record<'P' | 'A' | 'B', OrganisationEntity>;
  let coordinator: Person;
  let responderA: Person;
  let responderB: Person;
  let stakeholderA: Person;
  const desks = {} as Record<'A' | 'B', { id: string; name: string }>;
  const components = {} as Record<'A' | 'B', string>;
  const incidents: Reported[] = [];
  const tag = Math.random().toString(36).slice(2, 8);

  async function report(by: Person, org: 'A' | 'B', tlp: string, title: string): Promise<Reported> {
    const { reportIncident } = await t.gqlOk(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id reference } } }`,
      { input: { title, severity: 'SEV2', category: 'MALWARE', componentIds: [components[org]], tlp } },
      by.token,
    );
    return { id: reportIncident.incident.id, reference: reportIncident.incident.reference, title, tlp, org };
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL: 'https://renkei.city.example.jp' } });
    const f = new Fixtures(t.dataSource);
    orgs.P = await f.organisation({
      guidelineRoles: [GuidelineRole.PROMOTION_BODY],
      nameEn: `Promotion ${tag}`,
    });
    orgs.A = await f.organisation({ nameJa: `A社-${tag}`, nameEn: `Org A ${tag}` });
    orgs.B = await f.organisation({ nameJa: `B社-${tag}`, nameEn: `Org B ${tag}` });
    const person = async (role: PlatformRole, org: 'P' | 'A' | 'B', name: string): Promise<Person> => {
      const user = await f.user(orgs[org], role, { displayName: name });
      return { id: user.id, name, org, token: await t.login(user.email, PASSWORD) };
    };
    coordinator = await person(PlatformRole.COORDINATOR, 'P', `Coordinator-${tag}`);
    responderA = await person(PlatformRole.RESPONDER, 'A', `ResponderA-${tag}`);
    stakeholderA = await person(PlatformRole.STAKEHOLDER, 'A', `StakeholderA-${tag}`);
    responderB = await person(PlatformRole.RESPONDER, 'B', `ResponderB-${tag}`);
    for (const org of ['A', 'B'] as const) {
      const component = await f.component({ nameEn: `Component ${org} ${tag}` });
      await f.assign(component, orgs[org], Duty.RESPONSIBLE);
      components[org] = component.id;
      const desk = await f.contact(orgs[org], ContactKind.INCIDENT_WINDOW, { name: `Desk-${org}-${tag}` });
      desks[org] = { id: desk.id, name: desk.name };
    }
    for (const org of ['A', 'B'] as const) {
      for (const tlp of TLPS) {
        incidents.push(
          await report(org === 'A' ? responderA : responderB, org, tlp, `RPT-${org}-${tlp}-${tag}`),
        );
      }
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  const incident = (org: 'A' | 'B', tlp: string) =>
    incidents.find((i) => i.org === org && i.tlp === tlp) as Reported;

  describe('the incident report', () => {
    it('holds the record of the incident: summary, alerts with the acknowledgement times of the database, tasks, timeline', async () => {
      const target = incident('A', 'AMBER');
      await t.gqlOk(
        `mutation($id: ID!, $input: CreateTaskInput!) { createIncidentTask(incidentId: $id, input: $input) { id } }`,
        {
          id: target.id,
          input: {
            title: `Isolate the host ${tag}`,
            assigneeOrganisationId: orgs.A.id,
            dueAt: '2030-01-01T00:00:00Z',
          },
        },
        responderA.token,
      );
      await t.gqlOk(
        `mutation($id: ID!) { acknowledgeIncident(incidentId: $id, note: "On it") { acknowledged } }`,
        { id: target.id },
        responderA.token,
      );
      // Alerted a while before the acknowledgement, so the time to acknowledge is not zero.
      await t.dataSource.query(
        `UPDATE alert_engagement SET first_alerted_at = first_alerted_at - interval '2 hours 7 minutes 5 seconds' WHERE incident_id = $1`,
        [target.id],
      );
      const [engagement] = (await t.dataSource.query(
        `SELECT first_alerted_at, first_acknowledged_at, acknowledged_by_name FROM alert_engagement WHERE incident_id = $1 AND organisation_id = $2`,
        [target.id, orgs.A.id],
      )) as { first_alerted_at: Date; first_acknowledged_at: Date; acknowledged_by_name: string }[];
      expect(engagement.first_acknowledged_at).toBeTruthy();

      const { incidentReport: markdown } = await t.gqlOk(
        REPORT,
        { id: target.id, language: 'EN', format: 'MARKDOWN' },
        coordinator.token,
      );
      const lines = markdown.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^\*\*TLP:AMBER\*\* — Limited disclosure/);
      expect(lines.at(-1)).toBe(lines[0]);
      expect(markdown).toContain(`# Incident report ${target.reference}`);
      expect(markdown).toContain(`## RPT-A-AMBER-${tag}`);
      for (const heading of [
        'Summary',
        'Impact',
        'Affected components',
        'Organisations and people involved',
        'Alerts and acknowledgements',
        'Timeline',
        'Tasks',
      ]) {
        expect(markdown).toContain(`## ${heading}`);
      }
      // The engagement row: A's name, its first alert and acknowledgement exactly as stored, and by whom.
      const row = markdown
        .split('\n')
        .find((line: string) => line.startsWith(`| Org A ${tag} |`) && line.includes(' | Yes | '));
      expect(row).toBe(
        `| Org A ${tag} | ${formatTokyoTime(engagement.first_alerted_at)} | Yes | ${formatTokyoTime(engagement.first_acknowledged_at)} | ${engagement.acknowledged_by_name} | ${formatDuration(engagement)} |`,
      );
      expect(engagement.acknowledged_by_name).toBe(responderA.name);
      expect(markdown).toContain(desks.A.name); // the alert to A's desk (the coordinator sees every alert)
      expect(markdown).toContain(`Isolate the host ${tag}`);
      expect(markdown).toContain('2030-01-01 09:00 JST');
      expect(markdown).toContain('Acknowledged');

      const { incidentReport: japanese } = await t.gqlOk(
        REPORT,
        { id: target.id, language: 'JA', format: 'HTML' },
        coordinator.token,
      );
      expect(japanese).toContain('<html lang="ja">');
      expect(japanese).toContain('インシデント対応報告書');
      expect(japanese).toContain(`A社-${tag}`);
      expect(japanese.match(/<span class="tlp"[^>]*>TLP:AMBER<\/span>/g)).toHaveLength(2);
    });

    it('escapes a hostile title in every format', async () => {
      const hostile = `<img src=x onerror=alert(1)>**x**|${tag}`;
      const reported = await report(responderA, 'A', 'AMBER', hostile);
      for (const format of FORMATS) {
        const { incidentReport } = await t.gqlOk(
          REPORT,
          { id: reported.id, language: 'EN', format },
          responderA.token,
        );
        // No tag survives: HTML escapes it, Markdown puts a backslash before every <.
        expect(incidentReport).not.toMatch(/(^|[^\\])<img/m);
        expect(incidentReport).toContain(
          format === 'MARKDOWN' ? '\\<img src=x onerror=alert(1)\\>' : '&lt;img src=x onerror=alert(1)&gt;',
        );
      }
    });

    it('is given to a reader only for an incident it may see, and never carries another organisation’s alerts', async () => {
      const readers = [responderA, stakeholderA, responderB];
      const visible = (p: Person, i: Reported) =>
        i.tlp === 'GREEN' ||
        i.tlp === 'CLEAR' ||
        (i.tlp !== 'RED' && i.org === p.org) ||
        (i.tlp === 'RED' && i.org === p.org && p.id === (i.org === 'A' ? responderA.id : responderB.id));
      const failures: string[] = [];
      for (const reader of readers) {
        const otherDesk = desks[reader.org === 'A' ? 'B' : 'A'].name;
        for (const i of incidents) {
          for (const format of FORMATS) {
            for (const language of ['JA', 'EN']) {
              const result = await t.gql(REPORT, { id: i.id, language, format }, reader.token);
              const text = JSON.stringify(result);
              const where = `${reader.name} reading ${i.title} (${format}, ${language})`;
              for (const other of incidents.filter((o) => o !== i || !visible(reader, i))) {
                if (text.includes(other.title) || text.includes(other.reference))
                  failures.push(`${where}: carries ${other.title}`);
              }
              if (text.includes(otherDesk)) failures.push(`${where}: carries the alert to ${otherDesk}`);
              if (visible(reader, i)) {
                if (result.errors || !result.data.incidentReport.includes(i.reference))
                  failures.push(`${where}: ${JSON.stringify(result.errors)}`);
              } else if (result.errors?.[0]?.extensions?.code !== 'NOT_FOUND' || result.data) {
                failures.push(`${where}: expected NOT_FOUND, got ${JSON.stringify(result)}`);
              }
            }
          }
        }
      }
      expect(failures).toEqual([]);
      // B reads A's GREEN incident: its engagements (shared), not A's alerts (A's own), with the note why.
      const { incidentReport } = await t.gqlOk(
        REPORT,
        { id: incident('A', 'GREEN').id, language: 'EN' },
        responderB.token,
      );
      expect(incidentReport).toContain(`| Org A ${tag} |`);
      expect(incidentReport).not.toContain(desks.A.name);
      expect(incidentReport).toContain('Alerts to other organisations are shown only to them');
    });

    it('downloads over HTTP with the caller’s credentials, the visibility of GraphQL, and file headers', async () => {
      const green = incident('A', 'GREEN');
      const url = (id: string, query = '') => `${t.url}/reports/incidents/${id}${query}`;
      const anonymous = await fetch(url(green.id));
      expect(anonymous.status).toBe(401);
      const forged = await fetch(url(green.id), { headers: { authorization: 'Bearer nope' } });
      expect(forged.status).toBe(401);
      const hidden = await fetch(url(incident('A', 'AMBER').id), {
        headers: { authorization: `Bearer ${responderB.token}` },
      });
      expect(hidden.status).toBe(404);
      expect(await hidden.text()).not.toContain(incident('A', 'AMBER').title);
      const bad = await fetch(url(green.id, '?format=docx'), {
        headers: { authorization: `Bearer ${responderB.token}` },
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { field: string }).field).toBe('format');

      for (const [query, type, extension] of [
        ['', 'text/markdown; charset=utf-8', 'md'],
        ['?format=html&lang=en', 'text/html; charset=utf-8', 'html'],
        ['?format=print&lang=ja', 'text/html; charset=utf-8', 'print.html'],
      ] as const) {
        const response = await fetch(url(green.id, query), {
          headers: { authorization: `Bearer ${responderB.token}` },
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe(type);
        const language = query.includes('lang=en') ? 'en' : 'ja';
        expect(response.headers.get('content-disposition')).toBe(
          `attachment; filename="${green.reference}-report-${language}.${extension}"; filename*=UTF-8''${green.reference}-report-${language}.${extension}`,
        );
        expect(response.headers.get('cache-control')).toBe('private, no-store');
        const body = await response.text();
        expect(body).toContain('TLP:GREEN');
        expect(body).not.toContain(desks.A.name);
        if (extension === 'print.html') expect(body).toContain('size:A4');
      }
    });

    it('follows the template: sections, headings, intro, languages; only coordinators keep templates', async () => {
      const input = {
        name: `Flash ${tag}`,
        languages: ['EN'],
        sections: ['TASKS', 'SUMMARY'],
        headings: [{ section: 'TASKS', en: 'What we are doing' }],
        introEn: `Intro ${tag}`,
        closingEn: `Closing ${tag}`,
      };
      const denied = await t.gql(
        `mutation($input: ReportTemplateInput!) { createReportTemplate(input: $input) { id } }`,
        { input },
        responderA.token,
      );
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const { createReportTemplate } = await t.gqlOk(
        `mutation($input: ReportTemplateInput!) { createReportTemplate(input: $input) { id isDefault } }`,
        { input },
        coordinator.token,
      );
      expect(createReportTemplate.isDefault).toBe(false);
      const vars = { id: incident('A', 'GREEN').id, templateId: createReportTemplate.id };
      const { incidentReport } = await t.gqlOk(
        `query($id: ID!, $templateId: ID) { incidentReport(incidentId: $id, templateId: $templateId, language: EN) }`,
        vars,
        responderA.token,
      );
      const headings = incidentReport.split('\n').filter((line: string) => line.startsWith('## '));
      expect(headings.slice(1)).toEqual(['## What we are doing', '## Summary']);
      expect(incidentReport).toContain(`Intro ${tag}`);
      expect(incidentReport).toContain(`Closing ${tag}`);
      const japanese = await t.gql(
        `query($id: ID!, $templateId: ID) { incidentReport(incidentId: $id, templateId: $templateId, language: JA) }`,
        vars,
        responderA.token,
      );
      expect(japanese.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'language' });
      const { reportTemplates } = await t.gqlOk(
        `{ reportTemplates { name isDefault } }`,
        {},
        stakeholderA.token,
      );
      expect(reportTemplates[0].isDefault).toBe(true);
      expect(reportTemplates.map((r: any) => r.name)).toContain(`Flash ${tag}`);
    });
  });

  describe('statements to residents and the public status page', () => {
    const DRAFT = `mutation($id: ID!, $input: PublicStatementInput!) { draftPublicStatement(incidentId: $id, input: $input) { id status shownOnStatusPage } }`;
    const APPROVE = `mutation($id: ID!) { approvePublicStatement(id: $id) { id status publishedAt shownOnStatusPage approvedByName } }`;
    const SET_TLP = `mutation($id: ID!, $tlp: Tlp!) { updateIncident(id: $id, input: { tlp: $tlp }) { tlp } }`;
    let published: { id: string; title: string; incident: Reported };
    let draftTitle: string;

    async function statusPage(path = '/status') {
      const response = await fetch(`${t.url}${path}`);
      return { response, body: await response.text() };
    }

    it('publishes a statement only on approval by a coordinator, and only while the incident is TLP:CLEAR', async () => {
      const target = incident('A', 'AMBER');
      const title = `Service notice ${tag} <b>`;
      const drafted = await t.gqlOk(
        DRAFT,
        {
          id: target.id,
          input: { titleJa: title, bodyJa: `**復旧**しました ${tag}`, titleEn: `Notice ${tag}` },
        },
        responderA.token,
      );
      expect(drafted.draftPublicStatement).toMatchObject({ status: 'DRAFT', shownOnStatusPage: false });
      const id = drafted.draftPublicStatement.id;
      // Not by the responder (no approval right), not while TLP:AMBER.
      const byResponder = await t.gql(APPROVE, { id }, responderA.token);
      expect(byResponder.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const whileAmber = await t.gql(APPROVE, { id }, coordinator.token);
      expect(whileAmber.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(whileAmber.errors?.[0]?.message).toMatch(/TLP:AMBER.*only while it is TLP:CLEAR/);
      const [row] = await t.dataSource.query(`SELECT status FROM public_statement WHERE id = $1`, [id]);
      expect(row.status).toBe('DRAFT');
      // Drafts may be edited; a responder of another organisation may not write them.
      await t.gqlOk(
        `mutation($id: ID!, $input: PublicStatementInput!) { updatePublicStatement(id: $id, input: $input) { id } }`,
        {
          id,
          input: {
            titleJa: title,
            bodyJa: `**復旧**しました ${tag}\n\n- [詳細](https://city.example.jp/)`,
            titleEn: `Notice ${tag}`,
            bodyEn: `Restored ${tag}`,
          },
        },
        responderA.token,
      );
      const foreign = await t.gql(
        DRAFT,
        { id: target.id, input: { titleJa: 'x', bodyJa: 'y' } },
        responderB.token,
      );
      expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const notInvolved = await t.gql(
        DRAFT,
        { id: incident('A', 'GREEN').id, input: { titleJa: 'x', bodyJa: 'y' } },
        responderB.token,
      );
      expect(notInvolved.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const stakeholder = await t.gql(
        DRAFT,
        { id: target.id, input: { titleJa: 'x', bodyJa: 'y' } },
        stakeholderA.token,
      );
      expect(stakeholder.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      await t.gqlOk(SET_TLP, { id: target.id, tlp: 'CLEAR' }, responderA.token);
      target.tlp = 'CLEAR';
      const approved = await t.gqlOk(APPROVE, { id }, coordinator.token);
      expect(approved.approvePublicStatement).toMatchObject({
        status: 'PUBLISHED',
        shownOnStatusPage: true,
        approvedByName: coordinator.name,
      });
      const again = await t.gql(APPROVE, { id }, coordinator.token);
      expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const edit = await t.gql(
        `mutation($id: ID!, $input: PublicStatementInput!) { updatePublicStatement(id: $id, input: $input) { id } }`,
        { id, input: { titleJa: 'changed', bodyJa: 'changed' } },
        responderA.token,
      );
      expect(edit.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      published = { id, title, incident: target };

      // A draft on a CLEAR incident that nobody approved.
      draftTitle = `Unapproved draft ${tag}`;
      await t.gqlOk(
        DRAFT,
        { id: incident('B', 'CLEAR').id, input: { titleJa: draftTitle, bodyJa: 'draft body' } },
        responderB.token,
      );
    });

    it('shows only published statements on TLP:CLEAR incidents, without login, and nothing else', async () => {
      const { response, body } = await statusPage();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
      expect(body).toContain('Service notice');
      expect(body).toContain(`Service notice ${tag} &lt;b&gt;`);
      expect(body).toContain('<strong>復旧</strong>');
      expect(body).toContain(published.incident.reference);
      const { body: english } = await statusPage('/status?lang=en');
      expect(english).toContain(`Notice ${tag}`);
      expect(english).toContain(`Restored ${tag}`);
      const json = await statusPage('/status.json');
      expect(json.response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const parsed = JSON.parse(json.body);
      expect(parsed.statements.map((s: any) => s.id)).toEqual([published.id]);
      expect(parsed.statements[0].incident).toEqual({
        reference: published.incident.reference,
        status: 'INVESTIGATING',
        statusLabel: { ja: '調査中', en: 'Investigating' },
      });
      const feed = await statusPage('/status/feed.atom');
      expect(feed.response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      const root = parseXml(feed.body);
      expect(children(root, 'entry').map((e) => child(e, 'id').text)).toEqual([`urn:uuid:${published.id}`]);
      expect(child(children(root, 'entry')[0], 'title').text).toBe(published.title);
      expect(child(root, 'id').text).toBe('https://renkei.city.example.jp/status/feed.atom');

      // Nothing else: no other incident, no draft, no id of the incident, no organisation, no person.
      const secrets = [
        ...incidents.filter((i) => i !== published.incident).flatMap((i) => [i.title, i.reference, i.id]),
        published.incident.id,
        published.incident.title,
        draftTitle,
        orgs.A.nameJa,
        orgs.A.nameEn,
        orgs.B.nameJa,
        orgs.P.nameEn,
        responderA.name,
        coordinator.name,
        desks.A.name,
        'TLP:',
        'AMBER',
      ];
      for (const page of [body, english, json.body, feed.body]) {
        expect(secrets.filter((secret) => page.includes(secret))).toEqual([]);
      }
    });

    it('hides a statement while its incident’s TLP is raised, shows it again when CLEAR, and drops it when withdrawn', async () => {
      const target = published.incident;
      await t.gqlOk(SET_TLP, { id: target.id, tlp: 'GREEN' }, responderA.token);
      for (const path of ['/status', '/status.json', '/status/feed.atom']) {
        const { body } = await statusPage(path);
        expect(body).not.toContain(published.id);
        expect(body).not.toContain(target.reference);
      }
      const { publicStatements } = await t.gqlOk(
        `query($id: ID!) { publicStatements(incidentId: $id) { id status shownOnStatusPage } }`,
        { id: target.id },
        responderA.token,
      );
      expect(publicStatements).toEqual([{ id: published.id, status: 'PUBLISHED', shownOnStatusPage: false }]);
      await t.gqlOk(SET_TLP, { id: target.id, tlp: 'CLEAR' }, responderA.token);
      expect((await statusPage('/status.json')).body).toContain(published.id);
      await t.gqlOk(
        `mutation($id: ID!) { withdrawPublicStatement(id: $id, reason: "superseded") { status } }`,
        { id: published.id },
        coordinator.token,
      );
      expect((await statusPage('/status.json')).body).not.toContain(published.id);
      expect((await statusPage('/status')).body).toContain('現在お知らせはありません。');
    });

    it('lists the inquiry contacts kept by coordinators', async () => {
      const input = {
        nameJa: `市民相談窓口 ${tag}`,
        nameEn: `Citizens desk ${tag}`,
        phone: '045-000-1234',
        hoursJa: '平日 9:00-17:00',
      };
      const denied = await t.gql(
        `mutation($input: InquiryContactInput!) { createInquiryContact(input: $input) { id } }`,
        { input },
        responderA.token,
      );
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const none = await t.gql(
        `mutation($input: InquiryContactInput!) { createInquiryContact(input: $input) { id } }`,
        { input: { nameJa: 'x' } },
        coordinator.token,
      );
      expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phone' });
      await t.gqlOk(
        `mutation($input: InquiryContactInput!) { createInquiryContact(input: $input) { id } }`,
        { input },
        coordinator.token,
      );
      const { body } = await statusPage('/status');
      expect(body).toContain(`市民相談窓口 ${tag}`);
      expect(body).toContain('<a href="tel:0450001234">045-000-1234</a>');
      const json = JSON.parse((await statusPage('/status.json')).body);
      expect(json.inquiryContacts).toEqual([
        {
          name: { ja: `市民相談窓口 ${tag}`, en: `Citizens desk ${tag}` },
          phone: '045-000-1234',
          email: null,
          url: null,
          hours: { ja: '平日 9:00-17:00', en: '' },
        },
      ]);
    });
  });

  describe('metrics', () => {
    const METRICS = `query($input: IncidentMetricsInput!) { incidentMetrics(input: $input) {
      incidentCount
      overall { incidentCount acknowledge { count pending medianSeconds p90Seconds meanSeconds } contain { count pending medianSeconds p90Seconds meanSeconds } resolve { count pending medianSeconds p90Seconds meanSeconds } }
      bySeverity { key incidentCount resolve { count medianSeconds } }
      byMonth { key incidentCount }
      byOrganisation { key incidentCount acknowledge { count medianSeconds p90Seconds meanSeconds } }
    } }`;

    it('computes time to acknowledge, contain and resolve over the incidents the caller may see', async () => {
      // Known timings on the A and B incidents (reported in March and April 2026, Japan time).
      const base = Date.parse('2026-03-10T00:00:00Z');
      const timings = incidents.map((i, n) => ({
        i,
        reportedAt: new Date(base + (n % 2) * 31 * 86_400_000 + n * 60_000),
        containMinutes: n % 3 === 0 ? null : 20 + n * 7,
        resolveMinutes: n % 4 === 0 ? null : 100 + n * 13,
        ackSeconds: n % 5 === 0 ? null : 30 + n * 11,
      }));
      for (const x of timings) {
        await t.dataSource.query(
          `UPDATE incident SET reported_at = $2, contained_at = $3, resolved_at = $4, severity = $5 WHERE id = $1`,
          [
            x.i.id,
            x.reportedAt,
            x.containMinutes === null ? null : new Date(x.reportedAt.getTime() + x.containMinutes * 60_000),
            x.resolveMinutes === null ? null : new Date(x.reportedAt.getTime() + x.resolveMinutes * 60_000),
            x.i.org === 'A' ? 'SEV1' : 'SEV3',
          ],
        );
        await t.dataSource.query(
          `UPDATE alert_engagement SET acknowledgement_required = true, first_alerted_at = $2, first_acknowledged_at = $3 WHERE incident_id = $1`,
          [
            x.i.id,
            x.reportedAt,
            x.ackSeconds === null ? null : new Date(x.reportedAt.getTime() + x.ackSeconds * 1000),
          ],
        );
      }
      // Every other incident of this file (the hostile title) falls outside the range.
      await t.dataSource.query(`UPDATE incident SET reported_at = '2020-01-01' WHERE id <> ALL($1::uuid[])`, [
        incidents.map((i) => i.id),
      ]);
      const input = { from: '2026-03-01T00:00:00+09:00', to: '2026-05-01T00:00:00+09:00' };
      for (const reader of [coordinator, responderB]) {
        const seen = (i: Reported) =>
          reader === coordinator ? i.tlp !== 'RED' : i.org === 'B' || i.tlp === 'GREEN' || i.tlp === 'CLEAR';
        const mine = timings.filter((x) => seen(x.i));
        const engagedIds = new Set(
          (
            (await t.dataSource.query(
              `SELECT incident_id FROM alert_engagement WHERE incident_id = ANY($1::uuid[])`,
              [mine.map((x) => x.i.id)],
            )) as { incident_id: string }[]
          ).map((r) => r.incident_id),
        );
        const engaged = mine.filter((x) => engagedIds.has(x.i.id));
        expect(engaged.length).toBeGreaterThan(3);
        const { incidentMetrics } = await t.gqlOk(METRICS, { input }, reader.token);
        expect(incidentMetrics.incidentCount).toBe(mine.length);
        expect(incidentMetrics.overall.contain).toEqual(
          stats(
            mine.flatMap((x) => (x.containMinutes === null ? [] : [x.containMinutes * 60])),
            mine.filter((x) => x.containMinutes === null && x.resolveMinutes === null).length,
          ),
        );
        expect(incidentMetrics.overall.resolve).toEqual(
          stats(
            mine.flatMap((x) => (x.resolveMinutes === null ? [] : [x.resolveMinutes * 60])),
            mine.filter((x) => x.resolveMinutes === null).length,
          ),
        );
        expect(incidentMetrics.overall.acknowledge).toEqual(
          stats(
            engaged.flatMap((x) => (x.ackSeconds === null ? [] : [x.ackSeconds])),
            engaged.filter((x) => x.ackSeconds === null).length,
          ),
        );
        expect(incidentMetrics.bySeverity.map((g: any) => [g.key, g.incidentCount])).toEqual(
          ['SEV1', 'SEV3']
            .map((s) => [s, mine.filter((x) => (x.i.org === 'A' ? 'SEV1' : 'SEV3') === s).length])
            .filter(([, n]) => n),
        );
        expect(incidentMetrics.byMonth.map((g: any) => [g.key, g.incidentCount])).toEqual(
          ['2026-03', '2026-04']
            .map((m) => [
              m,
              mine.filter((x) => (x.reportedAt.getUTCMonth() === 2 ? '2026-03' : '2026-04') === m).length,
            ])
            .filter(([, n]) => n),
        );
        const byOrg = Object.fromEntries(incidentMetrics.byOrganisation.map((g: any) => [g.key, g]));
        for (const org of ['A', 'B'] as const) {
          const own = mine.filter((x) => x.i.org === org);
          if (own.length === 0) continue;
          const acks = own
            .filter((x) => engagedIds.has(x.i.id))
            .flatMap((x) => (x.ackSeconds === null ? [] : [x.ackSeconds]));
          expect(byOrg[orgs[org].id].incidentCount).toBe(own.length);
          const { pending: _pending, ...ack } = stats(acks, 0);
          expect(byOrg[orgs[org].id].acknowledge).toEqual(ack);
        }
      }
      const bad = await t.gql(METRICS, { input: { from: input.to, to: input.from } }, coordinator.token);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.to' });
    });
  });
});

/** The engagement's time to acknowledge as the English report writes it. */
function formatDuration(engagement: { first_alerted_at: Date; first_acknowledged_at: Date }): string {
  const total = Math.max(
    0,
    Math.round((engagement.first_acknowledged_at.getTime() - engagement.first_alerted_at.getTime()) / 1000),
  );
  const parts: [number, string][] = [
    [Math.floor(total / 86_400), 'd'],
    [Math.floor((total % 86_400) / 3_600), 'h'],
    [Math.floor((total % 3_600) / 60), 'min'],
    [total % 60, 's'],
  ];
  const shown = parts.filter(([value]) => value > 0).slice(0, 2);
  return shown.length ? shown.map(([v, u]) => `${v} ${u}`).join(' ') : '0 s';
}

/** Count, median, p90 (linear interpolation) and mean, computed here independently of the product. */
function stats(values: number[], pending: number) {
  if (values.length === 0)
    return { count: 0, pending, medianSeconds: null, p90Seconds: null, meanSeconds: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    const rank = p * (sorted.length - 1);
    const low = Math.floor(rank);
    return sorted[low] + (sorted[Math.ceil(rank)] - sorted[low]) * (rank - low);
  };
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    count: sorted.length,
    pending,
    medianSeconds: round(at(0.5)),
    p90Seconds: round(at(0.9)),
    meanSeconds: round(sorted.reduce((s, v) => s + v, 0) / sorted.length),
  };
}

describe('reporting in the demo city', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoCity(t.dataSource, { passwordHash: hashPassword });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('publishes a statement on a TLP:CLEAR incident, the inquiry contacts, and a second template', async () => {
    const [{ tlp }] = await t.dataSource.query(`SELECT tlp FROM incident WHERE reference = 'INC-2026-0001'`);
    expect(tlp).toBe('CLEAR');
    const status = JSON.parse(await (await fetch(`${t.url}/status.json`)).text());
    expect(status.statements.map((s: any) => s.incident.reference)).toEqual(['INC-2026-0001']);
    expect(status.inquiryContacts).toHaveLength(2);
    const token = await t.login('coordinator@minato-city.example.jp', DEMO_PASSWORD);
    const { reportTemplates } = await t.gqlOk(`{ reportTemplates { id name isDefault } }`, {}, token);
    expect(reportTemplates).toHaveLength(2);
    const flash = reportTemplates.find((r: any) => !r.isDefault);
    const [incident] = await t.dataSource.query(`SELECT id FROM incident WHERE reference = 'INC-2026-0001'`);
    const { incidentReport } = await t.gqlOk(
      `query($id: ID!, $templateId: ID) { incidentReport(incidentId: $id, templateId: $templateId) }`,
      { id: incident.id, templateId: flash.id },
      token,
    );
    expect(incidentReport).toContain('## 1\\. 発生事案の概要');
    expect(incidentReport.split('\n')[0]).toMatch(/^\*\*TLP:CLEAR\*\*/);
  });
});
