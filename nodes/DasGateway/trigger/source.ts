/**
 * IP allow-list: comma-separated IPv4/IPv6 addresses or CIDR ranges. Parsed here without Node's `net` module
 * (community nodes may import only n8n-workflow, zod and crypto). IPv4-mapped IPv6 addresses (::ffff:1.2.3.4,
 * which Node reports for IPv4 clients on dual-stack sockets) are compared as IPv4.
 *
 * The address checked is the one n8n puts on the request (`req.ip`): behind a reverse proxy, set n8n's
 * N8N_PROXY_HOPS so that it is the client's and not the proxy's. X-Forwarded-For is never read directly
 * (anyone can send it).
 */

interface Range {
	version: 4 | 6;
	bits: bigint;
	prefix: number;
}

function parseIpv4(text: string): bigint | null {
	const parts = text.split('.');
	if (parts.length !== 4) return null;
	let value = 0n;
	for (const part of parts) {
		if (!/^\d{1,3}$/.test(part)) return null;
		const n = Number(part);
		if (n > 255) return null;
		value = (value << 8n) | BigInt(n);
	}
	return value;
}

function parseIpv6(text: string): bigint | null {
	let input = text;
	// An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
	const v4Tail = input.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
	if (v4Tail) {
		const v4 = parseIpv4(v4Tail[2]);
		if (v4 === null) return null;
		input = `${v4Tail[1]}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
	}
	const halves = input.split('::');
	if (halves.length > 2) return null;
	const head = halves[0] === '' ? [] : halves[0].split(':');
	const tail = halves.length === 2 ? (halves[1] === '' ? [] : halves[1].split(':')) : [];
	const missing = 8 - head.length - tail.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
	const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
	let value = 0n;
	for (const group of groups) {
		if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
		value = (value << 16n) | BigInt(parseInt(group, 16));
	}
	return value;
}

/** An address as (version, bits); IPv4-mapped IPv6 becomes IPv4. Zone ids (%eth0) are dropped. */
export function parseIp(text: string): { version: 4 | 6; bits: bigint } | null {
	const clean = text
		.trim()
		.replace(/^\[|\]$/g, '')
		.replace(/%.*$/, '');
	if (clean === '') return null;
	const v4 = parseIpv4(clean);
	if (v4 !== null) return { version: 4, bits: v4 };
	const v6 = parseIpv6(clean);
	if (v6 === null) return null;
	if (v6 >> 32n === 0xffffn) return { version: 4, bits: v6 & 0xffffffffn };
	return { version: 6, bits: v6 };
}

export interface AllowList {
	ranges: Range[];
	/** Entries that are neither an address nor a CIDR range. */
	invalid: string[];
}

export function parseAllowList(text: string | null | undefined): AllowList {
	const ranges: Range[] = [];
	const invalid: string[] = [];
	for (const entry of (text ?? '')
		.split(/[,\s]+/)
		.map((e) => e.trim())
		.filter(Boolean)) {
		const [address, prefixText, extra] = entry.split('/');
		const ip = extra === undefined ? parseIp(address) : null;
		// The prefix counts bits of the address as written: 128 for any IPv6 notation, mapped or not.
		const width = address.includes(':') ? 128 : 32;
		const prefix = prefixText === undefined ? width : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
		if (!ip || !Number.isInteger(prefix) || prefix < 0 || prefix > width) {
			invalid.push(entry);
			continue;
		}
		// A mapped IPv6 range (::ffff:10.0.0.0/104) is an IPv4 range.
		const mappedV6 = address.includes(':') && ip.version === 4;
		const v4Prefix = mappedV6 ? prefix - 96 : prefix;
		if (mappedV6 && v4Prefix < 0) {
			invalid.push(entry);
			continue;
		}
		ranges.push({ version: ip.version, bits: ip.bits, prefix: v4Prefix });
	}
	return { ranges, invalid };
}

function inRange(ip: { version: 4 | 6; bits: bigint }, range: Range): boolean {
	if (ip.version !== range.version) return false;
	const width = BigInt(range.version === 4 ? 32 : 128);
	const shift = width - BigInt(range.prefix);
	return ip.bits >> shift === range.bits >> shift;
}

/** True when the list is empty (anyone) or the address falls in one of its ranges. */
export function ipAllowed(address: string | null | undefined, list: AllowList): boolean {
	if (list.ranges.length === 0 && list.invalid.length === 0) return true;
	const ip = address ? parseIp(address) : null;
	if (!ip) return false;
	return list.ranges.some((range) => inRange(ip, range));
}
