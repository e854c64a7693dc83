import { NetworkPolicy, type AddressCategory } from '../webhook/network-policy';

describe('NetworkPolicy', () => {
  const strict = NetworkPolicy.from([]);

  const refused: Array<[string, AddressCategory]> = [
    // loopback
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:7F00:0001', 'loopback'],
    ['::ffff:0:127.0.0.1', 'loopback'], // SIIT translated
    ['::127.0.0.1', 'loopback'], // IPv4-compatible
    ['64:ff9b::127.0.0.1', 'loopback'], // NAT64
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:7f00:1::', 'loopback'], // 6to4
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'], // Teredo, client 127.0.0.1 inverted
    // private
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:c0a8:101', 'private'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    // link-local (cloud metadata lives here)
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    // unspecified
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:0.0.0.0', 'unspecified'],
    // multicast, broadcast, reserved
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['::ffff:224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'reserved'],
    ['1::1', 'reserved'],
  ];

  it.each(refused)('refuses %s as %s by default', (address, category) => {
    expect(strict.isAllowed(address)).toBe(false);
    expect(strict.describe(address)).toBe(category);
  });

  const publicAddresses = [
    '93.184.215.14',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:0808:0808::1',
  ];

  it.each(publicAddresses)('allows the public address %s', (address) => {
    expect(strict.isAllowed(address)).toBe(true);
    expect(strict.describe(address)).toBe('public');
  });

  it.each(['localhost', 'example.com', '', '127.1', '2130706433', '1.2.3.4/32', '::ffff:1.2.3'])(
    'refuses %j, which is not an IP address',
    (address) => {
      expect(strict.isAllowed(address)).toBe(false);
      expect(strict.describe(address)).toBe('invalid');
    },
  );

  describe('allowed networks', () => {
    it('re-admits loopback in every spelling, and nothing else', () => {
      const policy = NetworkPolicy.from(['loopback']);
      for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::7f00:1']) {
        expect(policy.isAllowed(address)).toBe(true);
      }
      for (const address of ['10.0.0.1', '169.254.169.254', 'fe80::1', '0.0.0.0', '::']) {
        expect(policy.isAllowed(address)).toBe(false);
      }
    });

    it('re-admits private networks including CGNAT and unique local', () => {
      const policy = NetworkPolicy.from(['private']);
      for (const address of [
        '10.1.2.3',
        '172.20.0.1',
        '192.168.0.1',
        '100.64.1.1',
        'fd00::1',
        '::ffff:10.1.2.3',
      ]) {
        expect(policy.isAllowed(address)).toBe(true);
      }
      expect(policy.isAllowed('127.0.0.1')).toBe(false);
      expect(policy.isAllowed('169.254.169.254')).toBe(false);
    });

    it('re-admits link-local', () => {
      const policy = NetworkPolicy.from(['link-local']);
      expect(policy.isAllowed('169.254.169.254')).toBe(true);
      expect(policy.isAllowed('fe80::abcd')).toBe(true);
      expect(policy.isAllowed('10.0.0.1')).toBe(false);
    });

    it('re-admits an IPv4 CIDR, also in its IPv6-mapped form, and only that range', () => {
      const policy = NetworkPolicy.from(['10.1.0.0/16']);
      expect(policy.isAllowed('10.1.200.3')).toBe(true);
      expect(policy.isAllowed('::ffff:10.1.200.3')).toBe(true);
      expect(policy.isAllowed('64:ff9b::10.1.200.3')).toBe(true);
      expect(policy.isAllowed('10.2.0.1')).toBe(false);
      expect(policy.isAllowed('127.0.0.1')).toBe(false);
    });

    it('re-admits an IPv6 CIDR and a single host', () => {
      const policy = NetworkPolicy.from(['fd00:1234::/32', '127.0.0.2/32', '172.17.0.0/12']);
      expect(policy.isAllowed('fd00:1234:ffff::9')).toBe(true);
      expect(policy.isAllowed('fd00:1235::9')).toBe(false);
      expect(policy.isAllowed('127.0.0.2')).toBe(true);
      expect(policy.isAllowed('127.0.0.1')).toBe(false);
      // host bits in a CIDR are ignored, as in most tools
      expect(policy.isAllowed('172.31.0.1')).toBe(true);
    });

    it('keeps describing the category of an allowed address', () => {
      const policy = NetworkPolicy.from(['loopback']);
      expect(policy.isAllowed('127.0.0.1')).toBe(true);
      expect(policy.describe('127.0.0.1')).toBe('loopback');
    });

    it.each([
      ['garbage'],
      ['10.0.0.0/33'],
      ['::/129'],
      ['10.0.0.0'],
      ['10.0.0/8'],
      ['Loopback'],
      ['fe80::1%eth0/64'],
    ])('throws on the invalid entry %j', (entry) => {
      expect(() => NetworkPolicy.from([entry])).toThrow(/not loopback, private, link-local or a CIDR/);
    });
  });
});
