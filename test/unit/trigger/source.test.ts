import { ipAllowed, parseAllowList, parseIp } from '../../../nodes/DasGateway/trigger/source';
import { secretsMatch } from '../../../nodes/DasGateway/trigger/secret';

describe('IP parsing', () => {
	it('reads IPv4, IPv6 (compressed, full, with an IPv4 tail) and rejects junk', () => {
		expect(parseIp('192.168.0.1')).toEqual({ version: 4, bits: 0xc0a80001n });
		expect(parseIp('::1')).toEqual({ version: 6, bits: 1n });
		expect(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')).toEqual(parseIp('2001:db8::1'));
		expect(parseIp('::ffff:192.168.0.1')).toEqual({ version: 4, bits: 0xc0a80001n });
		expect(parseIp('[fe80::1%eth0]')).toEqual(parseIp('fe80::1'));
		for (const junk of ['256.1.1.1', '1.2.3', 'abc', '1::2::3', '', '1:2:3:4:5:6:7:8:9'])
			expect(parseIp(junk)).toBeNull();
	});
	it('CIDR boundaries', () => {
		const list = parseAllowList('10.0.0.0/8, 192.168.1.0/31, ::ffff:172.16.0.0/108');
		expect(list.invalid).toEqual([]);
		expect(ipAllowed('10.255.255.255', list)).toBe(true);
		expect(ipAllowed('11.0.0.0', list)).toBe(false);
		expect(ipAllowed('192.168.1.1', list)).toBe(true);
		expect(ipAllowed('192.168.1.2', list)).toBe(false);
		expect(ipAllowed('172.16.15.1', list)).toBe(true);
		expect(ipAllowed('172.31.255.255', list)).toBe(true); // /108 mapped = /12
		expect(ipAllowed('172.32.0.1', list)).toBe(false);
		expect(ipAllowed(null, list)).toBe(false);
		expect(parseAllowList('1.2.3.4/33, 1.2.3.4/x, ::/129').invalid).toHaveLength(3);
		expect(ipAllowed('8.8.8.8', parseAllowList('0.0.0.0/0'))).toBe(true);
	});
});

describe('shared secret comparison', () => {
	it('matches exactly, nothing else', () => {
		expect(secretsMatch('abc', 'abc')).toBe(true);
		expect(secretsMatch('abd', 'abc')).toBe(false);
		expect(secretsMatch('abcd', 'abc')).toBe(false);
		expect(secretsMatch('', 'abc')).toBe(false);
		expect(secretsMatch(undefined, 'abc')).toBe(false);
		expect(secretsMatch(['abc'], 'abc')).toBe(false);
	});
});
