import { GuidelineRole } from '@renkei/directory/directory.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { resolveAudience } from '../audience';
import { emptyAudience } from '../scenario-content';

describe('inject audience', () => {
  const players = [
    { organisationId: 'city', roles: [GuidelineRole.PROMOTION_BODY], contactIds: [] },
    { organisationId: 'vendor', roles: [GuidelineRole.CITY_OS_VENDOR], contactIds: ['vendor-duty'] },
    { organisationId: 'svc', roles: [GuidelineRole.SERVICE_PROVIDER], contactIds: [] },
  ];
  const holders = new Map([
    [
      'os',
      [
        { organisationId: 'vendor', duty: Duty.RESPONSIBLE },
        { organisationId: 'city', duty: Duty.ACCOUNTABLE },
      ],
    ],
    ['app', [{ organisationId: 'outsider', duty: Duty.RESPONSIBLE }]],
    ['sensor', []],
  ]);
  const contacts = new Map([
    ['svc-ciso', 'svc'],
    ['ppc-desk', 'ppc'],
  ]);

  it('unites roles, duties, organisations and contacts, inside the playing organisations only', () => {
    const resolved = resolveAudience(
      {
        roles: [GuidelineRole.PROMOTION_BODY, GuidelineRole.EXTERNAL_AUTHORITY],
        duties: [{ duty: Duty.RESPONSIBLE, componentIds: ['os', 'app'] }],
        organisationIds: ['ppc'],
        contactIds: ['svc-ciso', 'ppc-desk'],
      },
      players,
      holders,
      contacts,
    );
    expect(resolved.organisationIds).toEqual(['city', 'svc', 'vendor']);
    expect(resolved.outside).toEqual(['outsider', 'ppc']);
    expect(resolved.contactIds).toEqual(['svc-ciso', 'vendor-duty']);
    expect(resolved.gaps).toEqual([]);
  });

  it('reports a duty nobody holds as a responsibility gap', () => {
    const resolved = resolveAudience(
      { ...emptyAudience(), duties: [{ duty: Duty.RESPONSIBLE, componentIds: ['sensor', 'os'] }] },
      players,
      holders,
      contacts,
    );
    expect(resolved.organisationIds).toEqual(['vendor']);
    expect(resolved.gaps).toEqual([{ componentId: 'sensor', duty: Duty.RESPONSIBLE }]);
  });

  it('reaches nobody when the audience names nobody who plays', () => {
    const resolved = resolveAudience(
      { ...emptyAudience(), organisationIds: ['ppc'] },
      players,
      holders,
      contacts,
    );
    expect(resolved.organisationIds).toEqual([]);
    expect(resolved.outside).toEqual(['ppc']);
  });
});
