/**
 * Where a DasGateway credential sends its calls, and how its keys become headers.
 * Shared by the credential (authenticate, test) and the transport, so both agree on every rule.
 */

/** The sandbox host as printed in the 3DS manual. The manual prints no live host: live takes the merchant's URL. */
export const SANDBOX_BASE_URL = 'https://api-dev.paymentoptions.com';

/** Every call of the server-to-server interface lives under this path. */
export const API_BASE_PATH = '/api/v1/server-to-server-interface';

export type GatewayEnvironment = 'sandbox' | 'live' | 'custom';
export type ApiKeyEncoding = 'raw' | 'encoded';

export interface GatewayCredentials {
	apiKey: string;
	apiKeyEncoding: ApiKeyEncoding;
	xApiKey: string;
	environment: GatewayEnvironment;
	baseUrl?: string;
	merchantId?: string;
}

export class CredentialConfigurationError extends Error {}

/** The origin (scheme, host, port, optional prefix) calls go to, without a trailing slash. */
export function resolveBaseUrl(credentials: Pick<GatewayCredentials, 'environment' | 'baseUrl'>): string {
	if (credentials.environment === 'sandbox' || !credentials.environment) return SANDBOX_BASE_URL;
	const configured = String(credentials.baseUrl ?? '').trim();
	if (!configured) {
		throw new CredentialConfigurationError(
			credentials.environment === 'live'
				? 'The DasGateway credential needs a Base URL for the live environment: use the live host from your merchant onboarding details'
				: 'The DasGateway credential needs a Base URL for the custom environment (for example http://127.0.0.1:4010 for the local emulator)',
		);
	}
	assertSafeUrl(configured);
	return configured.replace(/\/+$/, '').replace(API_PATH_SUFFIX, '');
}

const API_PATH_SUFFIX = new RegExp(`${API_BASE_PATH.replace(/\//g, '\\/')}$`);

/**
 * resolveBaseUrl as an n8n expression over `$credentials`, for the credential test's request, which takes
 * expressions only. Its errors (no Base URL, unsafe URL) come from authenticate, which calls resolveBaseUrl itself.
 */
export const BASE_URL_EXPRESSION =
	'={{ $credentials.environment === "sandbox" || !$credentials.environment' +
	` ? "${SANDBOX_BASE_URL}"` +
	` : String($credentials.baseUrl || "").trim().replace(/\\/+$/, "").replace(${API_PATH_SUFFIX.toString()}, "") }}`;

const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);

/** True for 127.0.0.0/8, ::1 and localhost: the only hosts plain http may reach. */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase();
	if (LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost')) return true;
	return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Refuses URLs that would carry the keys in clear over a network. */
export function assertSafeUrl(url: string): void {
	let parsed: URL;
	if (!URL.canParse(url)) {
		throw new CredentialConfigurationError(`The DasGateway Base URL "${url}" is not a valid URL`);
	}
	parsed = new URL(url);
	if (parsed.protocol === 'https:') return;
	if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return;
	if (parsed.protocol === 'http:') {
		throw new CredentialConfigurationError(
			`Refusing plain http to ${parsed.hostname}: API keys may only travel unencrypted to this machine (127.0.0.1, ::1, localhost). Use https.`,
		);
	}
	throw new CredentialConfigurationError(`The DasGateway Base URL must use https (got ${parsed.protocol})`);
}

/** The Authorization header value: raw keys are encoded as `curl -u key:` does; encoded keys are sent as given. */
export function basicAuthorization(apiKey: string, encoding: ApiKeyEncoding): string {
	const key = String(apiKey ?? '')
		.trim()
		.replace(/^Basic\s+/i, '');
	const token = encoding === 'encoded' ? key : Buffer.from(`${key}:`, 'utf8').toString('base64');
	return `Basic ${token}`;
}
