import { IncidentStatus } from '@renkei/incidents/incidents.enums';
import { descriptionOf, detectedAtOf, parseEvent, pathToResolved, titleOf } from '../pagerduty-event';

const KEY = 'a'.repeat(32);

describe('PagerDuty events', () => {
  it('walks the shortest allowed path to RESOLVED from every open status', () => {
    expect(pathToResolved(IncidentStatus.NEW)).toEqual([IncidentStatus.TRIAGED, IncidentStatus.RESOLVED]);
    expect(pathToResolved(IncidentStatus.TRIAGED)).toEqual([IncidentStatus.RESOLVED]);
    expect(pathToResolved(IncidentStatus.RESPONDING)).toEqual([
      IncidentStatus.CONTAINED,
      IncidentStatus.RECOVERING,
      IncidentStatus.RESOLVED,
    ]);
    expect(pathToResolved(IncidentStatus.CONTAINED)).toEqual([
      IncidentStatus.RECOVERING,
      IncidentStatus.RESOLVED,
    ]);
    expect(pathToResolved(IncidentStatus.RECOVERING)).toEqual([IncidentStatus.RESOLVED]);
    expect(pathToResolved(IncidentStatus.RESOLVED)).toEqual([]);
  });

  it('accepts a trigger and lists every problem of a bad one', () => {
    const parsed = parseEvent({
      routing_key: KEY,
      event_action: 'trigger',
      payload: { summary: ' Disk full ', source: 'db-1', severity: 'warning', custom_details: 'free: 0' },
      links: [{ href: 'https://example.test/a', text: 'Runbook' }, { text: 'no href' }],
    });
    expect(parsed).toEqual({
      event: expect.objectContaining({
        routingKey: KEY,
        action: 'trigger',
        dedupKey: null,
        payload: expect.objectContaining({ summary: 'Disk full', source: 'db-1', severity: 'warning' }),
        links: [{ href: 'https://example.test/a', text: 'Runbook' }],
      }),
    });
    const invalid = parseEvent({ routing_key: 'short', event_action: 'trigger', payload: { severity: 'x' } });
    expect(invalid).toEqual({
      invalid: expect.objectContaining({ status: 'invalid event' }),
    });
    expect('invalid' in invalid && invalid.invalid.errors).toHaveLength(4);
    expect(parseEvent({ routing_key: KEY, event_action: 'acknowledge' })).toHaveProperty('invalid');
    expect(parseEvent({ routing_key: KEY, event_action: 'resolve', dedup_key: 'k' })).toHaveProperty('event');
    expect(parseEvent(null)).toHaveProperty('invalid');
  });

  it('keeps the title within the register and the whole summary in the description', () => {
    const summary = 'y'.repeat(1000);
    const parsed = parseEvent({
      routing_key: KEY,
      event_action: 'trigger',
      payload: { summary, source: 'siem', severity: 'info', custom_details: { a: 1 } },
    });
    if (!('event' in parsed)) throw new Error('expected a valid event');
    const payload = parsed.event.payload!;
    expect(titleOf(payload)).toHaveLength(300);
    const description = descriptionOf(parsed.event, payload);
    expect(description.startsWith(summary)).toBe(true);
    expect(description).toContain('Source: siem');
    expect(description).toContain('{\n  "a": 1\n}');
  });

  it('takes the timestamp as detection time only when valid and not in the future', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    const payload = { summary: 's', source: 's', severity: 'info' as const };
    expect(detectedAtOf({ ...payload, timestamp: '2026-05-01T09:00:00+00:00' }, now)).toBe(
      '2026-05-01T09:00:00.000Z',
    );
    expect(detectedAtOf({ ...payload, timestamp: '2026-05-01T11:00:00Z' }, now)).toBeUndefined();
    expect(detectedAtOf({ ...payload, timestamp: 'yesterday' }, now)).toBeUndefined();
    expect(detectedAtOf(payload, now)).toBeUndefined();
  });
});
