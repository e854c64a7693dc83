import { catalogueScenarios } from '../scenario-catalogue';
import { validateScenarioContent } from '../scenario-validation';

describe('the example scenarios from the guideline catalogue', () => {
  const scenarios = catalogueScenarios();

  it('ships every catalogue scenario with injects: the §3.3 cases, Appendix E and the §2.3 risks', () => {
    expect(scenarios.length).toBe(27);
    expect(scenarios.map((s) => s.key)).toEqual(
      expect.arrayContaining(['SCN-3.3.3-1', 'SCN-E-1', 'SCN-2.3.2-IR']),
    );
  });

  it('passes the same validation as a scenario written by hand', () => {
    for (const { key, content } of scenarios) {
      expect(() => validateScenarioContent(content)).not.toThrow();
      expect(content.titleJa.length).toBeGreaterThan(0);
      expect(content.injects.length).toBeGreaterThanOrEqual(4);
      const offsets = content.injects.map((inject) => inject.offsetSeconds);
      expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
      // Injects go to the scenario's guideline roles, never to residents.
      for (const inject of content.injects) {
        expect(inject.audience.roles.length).toBeGreaterThan(0);
        expect(inject.audience.roles).not.toContain('SERVICE_USER');
      }
      expect(content.objectives.length).toBeGreaterThan(0);
      if (key === 'SCN-3.3.3-1') {
        expect(content.objectives.map((o) => o.key)).toEqual(expect.arrayContaining(['IR-1', 'IR-2']));
        expect(content.injects[0].expectedActions.length).toBeGreaterThan(0);
      }
    }
  });

  it('links each expected action to the objective of its check-sheet key, standard measures weighing double', () => {
    const { content } = scenarios.find((s) => s.key === 'SCN-3.3.3-1')!;
    const actions = content.injects.flatMap((inject) => inject.expectedActions);
    const objectives = new Set(content.objectives.map((o) => o.key));
    for (const action of actions) {
      expect(action.objectiveKey === null || objectives.has(action.objectiveKey)).toBe(true);
      expect([1, 2]).toContain(action.weight);
    }
    expect(actions.some((action) => action.weight === 2)).toBe(true);
  });
});
