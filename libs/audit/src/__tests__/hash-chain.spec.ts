import { GENESIS_HASH, hashEvent } from '../audit.service';
import { canonicalJson } from '../canonical-json';

const event = {
  sequence: '1',
  occurredAt: new Date('2026-11-22T00:00:00Z'),
  actorKind: 'user',
  actorId: 'u',
  actorName: 'A',
  organisationId: null,
  action: 'incident.reported',
  entityType: 'incident',
  entityId: 'i',
  requestId: 'r',
  data: { b: 1, a: [1, { d: 2, c: 3 }] },
};

describe('audit hash chain', () => {
  it('hashes canonically: key order does not matter, content does', () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    const reordered = { ...event, data: { a: [1, { c: 3, d: 2 }], b: 1 } };
    expect(hashEvent(GENESIS_HASH, reordered)).toBe(hashEvent(GENESIS_HASH, event));
    expect(hashEvent(GENESIS_HASH, { ...event, action: 'incident.updated' })).not.toBe(
      hashEvent(GENESIS_HASH, event),
    );
  });

  it('chains: a different predecessor gives a different hash', () => {
    expect(hashEvent('f'.repeat(64), event)).not.toBe(hashEvent(GENESIS_HASH, event));
  });
});
