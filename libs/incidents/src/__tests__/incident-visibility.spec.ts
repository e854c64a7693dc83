import { Actor, PlatformRole } from '@renkei/core/context/actor';
import { canSee } from '../incident-visibility';
import { Tlp } from '../incidents.enums';

const actor = (role: PlatformRole, organisationId = 'a', userId = 'u-a'): Actor => ({
  kind: 'user',
  id: userId,
  userId,
  organisationId,
  role,
  displayName: 'x',
});

describe('incident visibility', () => {
  const participants = new Set(['a']);
  const none = new Set<string>();

  it('TLP:RED reaches only named people, coordinators included', () => {
    expect(canSee(actor(PlatformRole.COORDINATOR), { tlp: Tlp.RED }, participants, none)).toBe(false);
    expect(canSee(actor(PlatformRole.STAKEHOLDER), { tlp: Tlp.RED }, participants, none)).toBe(false);
    expect(
      canSee(actor(PlatformRole.STAKEHOLDER, 'b', 'u-b'), { tlp: Tlp.RED }, participants, new Set(['u-b'])),
    ).toBe(true);
  });

  it('AMBER and AMBER+STRICT reach participants and the promotion body', () => {
    for (const tlp of [Tlp.AMBER, Tlp.AMBER_STRICT]) {
      expect(canSee(actor(PlatformRole.VIEWER), { tlp }, participants, none)).toBe(true);
      expect(canSee(actor(PlatformRole.RESPONDER, 'b'), { tlp }, participants, none)).toBe(false);
      expect(canSee(actor(PlatformRole.ADMIN, 'p'), { tlp }, participants, none)).toBe(true);
    }
  });

  it('GREEN and CLEAR reach every organisation of the city', () => {
    for (const tlp of [Tlp.GREEN, Tlp.CLEAR])
      expect(canSee(actor(PlatformRole.VIEWER, 'z'), { tlp }, participants, none)).toBe(true);
  });
});
