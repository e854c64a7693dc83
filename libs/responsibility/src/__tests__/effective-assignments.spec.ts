import { AssignmentEntity } from '../entities/assignment.entity';
import { effectiveAssignments } from '../responsibility.service';
import { Duty, ResponsibilityBoundary } from '../responsibility.enums';

const assignment = (
  componentId: string,
  organisationId: string,
  duty: Duty,
  boundary = ResponsibilityBoundary.SYSTEM,
) =>
  ({
    id: `${componentId}-${organisationId}-${duty}-${boundary}`,
    componentId,
    organisationId,
    duty,
    boundary,
  }) as AssignmentEntity;

describe('effective assignments', () => {
  const byComponent = new Map<string, AssignmentEntity[]>([
    ['root', [assignment('root', 'vendor', Duty.RESPONSIBLE), assignment('root', 'city', Duty.ACCOUNTABLE)]],
    ['mid', [assignment('mid', 'provider', Duty.RESPONSIBLE)]],
    ['leaf', [assignment('leaf', 'soc', Duty.CONSULTED)]],
  ]);

  it('inherits duties from ancestors unless the component (or a nearer ancestor) sets the same duty', () => {
    const result = effectiveAssignments(['leaf', 'mid', 'root'], byComponent);
    const summary = result.map(
      (r) => `${r.assignment.organisationId}:${r.assignment.duty}:${r.inheritedFromComponentId ?? 'own'}`,
    );
    expect(summary).toEqual(['soc:CONSULTED:own', 'provider:RESPONSIBLE:mid', 'city:ACCOUNTABLE:root']);
    expect(result.every((r) => r.componentId === 'leaf')).toBe(true);
  });

  it('keeps SYSTEM and DATA boundaries apart', () => {
    const map = new Map(byComponent);
    map.set('leaf', [assignment('leaf', 'data-holder', Duty.RESPONSIBLE, ResponsibilityBoundary.DATA)]);
    const result = effectiveAssignments(['leaf', 'mid', 'root'], map);
    const responsible = result
      .filter((r) => r.assignment.duty === Duty.RESPONSIBLE)
      .map((r) => r.assignment.organisationId);
    expect(responsible).toEqual(['data-holder', 'provider']);
  });

  it('gives nothing for a component with no duties on its chain', () => {
    expect(effectiveAssignments(['orphan'], new Map())).toEqual([]);
  });
});
