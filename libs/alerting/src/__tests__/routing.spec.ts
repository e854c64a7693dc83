import { AckTokens } from '../ack-token';
import { DeliveryChannel, TargetKind } from '../alerting.enums';
import { nextPosition, resolveStep, RoutingContact, selectPolicy, usableChannels } from '../routing';
import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { IncidentCategory, Severity } from '@renkei/incidents/incidents.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';

const policy = (
  id: string,
  fields: Partial<{
    organisationId: string | null;
    isDefault: boolean;
    severities: Severity[];
    categories: IncidentCategory[];
    createdAt: Date;
  }> = {},
) => ({
  id,
  organisationId: null,
  isDefault: false,
  severities: [] as Severity[],
  categories: [] as IncidentCategory[],
  createdAt: new Date('2026-01-01'),
  ...fields,
});

describe('selectPolicy', () => {
  const incident = { severity: Severity.SEV1, category: IncidentCategory.RANSOMWARE };

  it('falls back to the default when nothing more specific matches', () => {
    const chosen = selectPolicy(
      [policy('default', { isDefault: true }), policy('sev3', { severities: [Severity.SEV3] })],
      incident,
      null,
    );
    expect(chosen?.id).toBe('default');
  });

  it('prefers a named severity, a narrower list, and a category on top', () => {
    const policies = [
      policy('default', { isDefault: true }),
      policy('major', { severities: [Severity.SEV1, Severity.SEV2] }),
      policy('critical', { severities: [Severity.SEV1] }),
    ];
    expect(selectPolicy(policies, incident, null)?.id).toBe('critical');
    const withCategory = [
      ...policies,
      policy('ransomware', { severities: [Severity.SEV1], categories: [IncidentCategory.RANSOMWARE] }),
    ];
    expect(selectPolicy(withCategory, incident, null)?.id).toBe('ransomware');
  });

  it('breaks a tie for the newest policy', () => {
    const older = policy('older', { severities: [Severity.SEV1], createdAt: new Date('2026-01-01') });
    const newer = policy('newer', { severities: [Severity.SEV1], createdAt: new Date('2026-02-01') });
    expect(selectPolicy([older, newer], incident, null)?.id).toBe('newer');
    expect(selectPolicy([newer, older], incident, null)?.id).toBe('newer');
  });

  it('keeps scopes apart: an organisation’s override is not a city policy', () => {
    const override = policy('vendor', { organisationId: 'org-1' });
    expect(selectPolicy([override], incident, null)).toBeNull();
    expect(selectPolicy([override], incident, 'org-1')?.id).toBe('vendor');
    expect(selectPolicy([override], incident, 'org-2')).toBeNull();
  });
});

const contact = (
  id: string,
  organisationId: string,
  kind: ContactKind,
  extra: Partial<RoutingContact> = {},
) => ({
  id,
  organisationId,
  name: id,
  kind,
  email: `${id}@example.jp`,
  webhookUrl: null,
  webhookDisabled: false,
  channelOrder: [DeliveryChannel.EMAIL, DeliveryChannel.WEBHOOK],
  ...extra,
});

describe('resolveStep', () => {
  const participants = [
    { organisationId: 'vendor', duties: [Duty.RESPONSIBLE] },
    { organisationId: 'provider', duties: [Duty.INFORMED] },
  ];
  const organisations = [
    { id: 'city', roles: [GuidelineRole.PROMOTION_BODY], nameJa: '市', nameEn: 'City' },
    { id: 'vendor', roles: [GuidelineRole.CITY_OS_VENDOR], nameJa: 'ベンダー', nameEn: 'Vendor' },
    { id: 'provider', roles: [GuidelineRole.SERVICE_PROVIDER], nameJa: '事業者', nameEn: 'Provider' },
  ];
  const contacts = [
    contact('vendor-window', 'vendor', ContactKind.INCIDENT_WINDOW),
    contact('vendor-emergency', 'vendor', ContactKind.EMERGENCY),
    contact('provider-window', 'provider', ContactKind.INCIDENT_WINDOW),
    contact('csirt', 'city', ContactKind.INCIDENT_WINDOW),
    contact('ciso', 'city', ContactKind.CISO),
  ];
  const base = { participants, organisations, contacts, acknowledgedOrganisations: new Set<string>() };

  it('reaches duty holders by contact kind and informs by role', () => {
    const recipients = resolveStep(
      {
        escalateAfterSeconds: 60,
        targets: [
          {
            kind: TargetKind.DUTY,
            duties: [Duty.RESPONSIBLE],
            contactKinds: [ContactKind.INCIDENT_WINDOW],
            acknowledgementRequired: true,
          },
          { kind: TargetKind.ROLE, role: GuidelineRole.PROMOTION_BODY, acknowledgementRequired: false },
        ],
      },
      base,
    );
    expect(recipients.map((r) => [r.contact.id, r.acknowledgementRequired])).toEqual([
      ['vendor-window', true],
      ['csirt', false],
    ]);
  });

  it('skips organisations that acknowledged, excluded ones, and others outside an override', () => {
    const step = {
      escalateAfterSeconds: 60,
      targets: [
        { kind: TargetKind.DUTY, duties: [Duty.RESPONSIBLE, Duty.INFORMED], acknowledgementRequired: true },
      ],
    };
    expect(
      resolveStep(step, { ...base, acknowledgedOrganisations: new Set(['vendor']) }).map((r) => r.contact.id),
    ).toEqual(['provider-window']);
    expect(
      resolveStep(step, { ...base, excludeOrganisations: new Set(['provider']) }).map((r) => r.contact.id),
    ).toEqual(['vendor-window']);
    expect(resolveStep(step, { ...base, onlyOrganisation: 'provider' }).map((r) => r.contact.id)).toEqual([
      'provider-window',
    ]);
  });

  it('falls back to the incident window when an organisation has none of the kinds asked for', () => {
    const recipients = resolveStep(
      {
        escalateAfterSeconds: 60,
        targets: [
          {
            kind: TargetKind.DUTY,
            duties: [Duty.INFORMED],
            contactKinds: [ContactKind.EXECUTIVE],
            acknowledgementRequired: true,
          },
        ],
      },
      base,
    );
    expect(recipients.map((r) => r.contact.id)).toEqual(['provider-window']);
  });

  it('lists a contact named twice once, with the stricter acknowledgement', () => {
    const recipients = resolveStep(
      {
        escalateAfterSeconds: 60,
        targets: [
          { kind: TargetKind.CONTACT, contactId: 'ciso', acknowledgementRequired: false },
          {
            kind: TargetKind.ROLE,
            role: GuidelineRole.PROMOTION_BODY,
            contactKinds: [ContactKind.CISO],
            acknowledgementRequired: true,
          },
        ],
      },
      base,
    );
    expect(recipients.map((r) => [r.contact.id, r.acknowledgementRequired])).toEqual([['ciso', true]]);
  });
});

describe('usableChannels', () => {
  it('follows the contact’s order and drops channels it cannot use', () => {
    const both = contact('x', 'o', ContactKind.INCIDENT_WINDOW, {
      webhookUrl: 'https://hooks.example.jp/x',
      channelOrder: [DeliveryChannel.WEBHOOK, DeliveryChannel.EMAIL],
    });
    expect(usableChannels(both)).toEqual([DeliveryChannel.WEBHOOK, DeliveryChannel.EMAIL]);
    expect(usableChannels({ ...both, webhookDisabled: true })).toEqual([DeliveryChannel.EMAIL]);
    expect(usableChannels({ ...both, email: null, webhookUrl: null })).toEqual([]);
  });
});

describe('nextPosition', () => {
  const steps = [
    { escalateAfterSeconds: 10, targets: [] },
    { escalateAfterSeconds: 20, targets: [] },
  ];
  it('walks the steps, repeats the chain, then ends', () => {
    expect(nextPosition(steps, 1, { loop: 0, step: 0 })).toEqual({ loop: 0, step: 1, afterSeconds: 10 });
    expect(nextPosition(steps, 1, { loop: 0, step: 1 })).toEqual({ loop: 1, step: 0, afterSeconds: 20 });
    expect(nextPosition(steps, 1, { loop: 1, step: 1 })).toBeNull();
  });
});

describe('AckTokens', () => {
  const tokens = new AckTokens(Buffer.alloc(32, 7), 3600);
  const alertId = '6f1c2a4e-8d3b-4c55-9a0e-1b2c3d4e5f60';

  it('round-trips, and refuses tampering, other keys and expiry', () => {
    const token = tokens.sign(alertId);
    expect(tokens.verify(token)).toEqual({ alertId });
    const [body, mac] = token.split('.');
    expect(tokens.verify(`${body}.${mac.slice(0, -2)}AA`)).toEqual({ error: 'invalid' });
    expect(new AckTokens(Buffer.alloc(32, 8), 3600).verify(token)).toEqual({ error: 'invalid' });
    expect(tokens.verify(tokens.sign(alertId, new Date(Date.now() - 7200_000)))).toEqual({
      error: 'expired',
    });
    expect(tokens.verify('garbage')).toEqual({ error: 'invalid' });
    expect(tokens.verify('')).toEqual({ error: 'invalid' });
  });
});
