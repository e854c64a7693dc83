import { TRANSITIONS, canTransition } from '../incident-lifecycle';
import { IncidentStatus } from '../incidents.enums';

describe('incident lifecycle', () => {
  it('moves forward one phase at a time', () => {
    const forward = [
      IncidentStatus.NEW,
      IncidentStatus.TRIAGED,
      IncidentStatus.RESPONDING,
      IncidentStatus.CONTAINED,
      IncidentStatus.RECOVERING,
      IncidentStatus.RESOLVED,
      IncidentStatus.CLOSED,
    ];
    for (let i = 0; i < forward.length - 1; i += 1)
      expect(canTransition(forward[i], forward[i + 1])).toBe(true);
    expect(canTransition(IncidentStatus.NEW, IncidentStatus.RESPONDING)).toBe(false);
    expect(canTransition(IncidentStatus.RESPONDING, IncidentStatus.RESOLVED)).toBe(false);
  });

  it('can reopen a closed incident and never stays in place', () => {
    expect(canTransition(IncidentStatus.CLOSED, IncidentStatus.RESPONDING)).toBe(true);
    for (const [from, targets] of Object.entries(TRANSITIONS)) expect(targets).not.toContain(from);
  });
});
