import {
  PublicIncidentStatus,
  PublicStatusModel,
  escapeXml,
  renderAtomFeed,
  renderStatusPage,
  statusJson,
} from '../statements/status-page';
import { child, children, parseXml } from './xml-check';

function model(): PublicStatusModel {
  return {
    baseUrl: 'https://renkei.city.example.jp',
    generatedAt: new Date('2026-03-10T00:00:00Z'),
    statements: [
      {
        id: '11111111-1111-4111-8111-111111111111',
        incidentReference: 'INC-2026-0003',
        incidentStatus: PublicIncidentStatus.RESOLVED,
        publishedAt: new Date('2026-03-05T01:00:00Z'),
        title: { ja: 'シェアサイクルの<一部>停止 & 再開', en: '' },
        body: { ja: '**復旧**しました。\u0001\n\n- 詳細は [市のサイト](https://city.example.jp/)', en: '' },
      },
      {
        id: '22222222-2222-4222-8222-222222222222',
        incidentReference: 'INC-2026-0004',
        incidentStatus: PublicIncidentStatus.INVESTIGATING,
        publishedAt: new Date('2026-03-08T03:30:00Z'),
        title: { ja: '調査中のお知らせ', en: 'Under investigation "quoted"' },
        body: { ja: '調査中です。', en: 'We are investigating.' },
      },
    ],
    contacts: [
      {
        name: { ja: '市民相談窓口', en: 'Citizens’ desk' },
        phone: '03-1234-5678',
        email: 'soudan@city.example.jp',
        url: 'javascript:alert(1)',
        hours: { ja: '平日 9:00-17:00', en: 'Weekdays 9:00-17:00' },
      },
    ],
  };
}

describe('public status page', () => {
  it('escapes XML, dropping characters XML 1.0 forbids', () => {
    expect(escapeXml(`a & b < c > "d" 'e'\u0001\u0008\uFFFE`)).toBe(
      'a &amp; b &lt; c &gt; &quot;d&quot; &apos;e&apos;',
    );
  });

  it('writes a well-formed Atom 1.0 feed with the required elements', () => {
    const xml = renderAtomFeed(model(), 'ja');
    const feed = parseXml(xml);
    expect(feed.name).toBe('feed');
    expect(feed.attributes.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(child(feed, 'id').text).toBe('https://renkei.city.example.jp/status/feed.atom');
    expect(child(feed, 'updated').text).toBe('2026-03-08T03:30:00.000Z');
    expect(child(child(feed, 'author'), 'name').text).toBeTruthy();
    const entries = children(feed, 'entry');
    expect(entries.map((e) => child(e, 'id').text)).toEqual([
      'urn:uuid:11111111-1111-4111-8111-111111111111',
      'urn:uuid:22222222-2222-4222-8222-222222222222',
    ]);
    expect(child(entries[0], 'title').text).toBe('シェアサイクルの<一部>停止 & 再開');
    expect(child(entries[0], 'updated').text).toBe('2026-03-05T01:00:00.000Z');
    expect(child(entries[0], 'link').attributes.href).toBe(
      'https://renkei.city.example.jp/status#s-11111111-1111-4111-8111-111111111111',
    );
    expect(child(entries[0], 'content').attributes.type).toBe('html');
    expect(child(entries[0], 'content').text).toContain('<strong>復旧</strong>');
    expect(() => parseXml('<feed><a>x</b></feed>')).toThrow();
    expect(() => parseXml('<feed>a & b</feed>')).toThrow();
    expect(xml).not.toContain('\u0001');
  });

  it('falls back to Japanese where a statement has no English', () => {
    const xml = renderAtomFeed(model(), 'en');
    expect(xml).toContain('xml:lang="en"');
    expect(xml).toContain('シェアサイクルの&lt;一部&gt;停止 &amp; 再開');
    expect(xml).toContain('Under investigation &quot;quoted&quot;');
  });

  it('renders the HTML page escaped, without a non-http link, and the JSON', () => {
    const html = renderStatusPage(model(), 'ja');
    expect(html).toContain('シェアサイクルの&lt;一部&gt;停止 &amp; 再開');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<a href="tel:0312345678">03-1234-5678</a>');
    expect(html).toContain('解決済み');
    const json = statusJson(model()) as any;
    expect(json.statements[0].incident).toEqual({
      reference: 'INC-2026-0003',
      status: 'RESOLVED',
      statusLabel: { ja: '解決済み', en: 'Resolved' },
    });
    expect(json.statements[0].html.ja).toContain('<a href="https://city.example.jp/"');
  });
});
