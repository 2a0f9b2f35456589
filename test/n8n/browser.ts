/**
 * Debian's Chromium driven by playwright-core, for the editor test and the screenshots. Never a browser download:
 * when /usr/bin/chromium is missing it is installed with apt-get (root, as on this machine kind and in CI).
 *
 *   const browser = await launchChromium();
 *   const page = await openEditor(browser, n8n);   // logged in as the owner, console errors collected
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import {
	chromium,
	type Browser,
	type BrowserContext,
	type ConsoleMessage,
	type Locator,
	type Page,
} from 'playwright-core';

import { DEFAULT_OWNER, type OwnerAccount } from './instance';

export const CHROMIUM = '/usr/bin/chromium';

/** Headless on loopback: no sandbox (root), no GPU, /tmp instead of a small /dev/shm, nothing phoning home. */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-dev-shm-usage',
	'--disable-gpu',
	'--no-first-run',
	'--no-default-browser-check',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--metrics-recording-only',
	'--mute-audio',
];

/** Installs Debian's chromium when it is missing (apt-get, bounded); throws with apt's output when that fails. */
export function ensureChromium(log: (line: string) => void = (line) => console.log(`[browser] ${line}`)): string {
	if (existsSync(CHROMIUM)) return CHROMIUM;
	log(`${CHROMIUM} is missing: installing Debian's chromium with apt-get (a few minutes)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	try {
		execFileSync('apt-get', ['update'], { env, stdio: 'pipe', timeout: 10 * 60_000 });
		execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
			env,
			stdio: 'pipe',
			timeout: 15 * 60_000,
		});
	} catch (error) {
		const output = String((error as { stderr?: Buffer }).stderr ?? '') || (error as Error).message;
		throw new Error(`Installing chromium failed (apt-get install -y chromium, as root):\n${output.slice(-2000)}`);
	}
	if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} does not exist`);
	return CHROMIUM;
}

export async function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface EditorPage {
	page: Page;
	context: BrowserContext;
	/** Console errors and uncaught page errors seen so far (text and, when known, the script URL). */
	errors: Array<{ text: string; url?: string }>;
}

/**
 * A new browser context signed in to n8n as the owner through the sign-in form (the session cookie is bound to the
 * editor's own browser id, so a login made outside the page would not be accepted by the editor's requests).
 */
export async function openEditor(
	browser: Browser,
	baseUrl: string,
	{
		owner = DEFAULT_OWNER,
		viewport = { width: 1440, height: 900 },
	}: { owner?: OwnerAccount; viewport?: { width: number; height: number } } = {},
): Promise<EditorPage> {
	const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-US', timezoneId: 'UTC' });
	context.setDefaultTimeout(30_000);
	const errors: EditorPage['errors'] = [];
	const page = await context.newPage();
	page.on('console', (message: ConsoleMessage) => {
		if (message.type() === 'error') errors.push({ text: message.text(), url: message.location().url });
	});
	page.on('pageerror', (error) => errors.push({ text: `${error.name}: ${error.message}\n${error.stack ?? ''}` }));
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(owner.email);
	await page.locator('input[name="password"]').fill(owner.password);
	await page.locator('input[name="password"]').press('Enter');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
	return { page, context, errors };
}

/** Closes whatever n8n put over the canvas on first visit (tours, announcements), if anything. */
export async function dismissOverlays(page: Page): Promise<void> {
	await page.keyboard.press('Escape').catch(() => undefined);
}

/** Picker: search for the node, open it and choose one of its actions (what a user does to add a node). */
export async function addNodeFromPicker(
	page: Page,
	{ search, node, action }: { search: string; node: string; action: string },
): Promise<void> {
	const firstStep = page
		.locator('[data-test-id="canvas-add-first-step-button"], [data-test-id="canvas-plus-button"]')
		.first();
	await firstStep.click();
	const creator = page.locator('[data-test-id="node-creator"]');
	await creator
		.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]')
		.first()
		.fill(search);
	await creator
		.locator('[data-test-id="node-creator-item-name"]', { hasText: new RegExp(`^\\s*${node}\\s*$`) })
		.first()
		.click();
	// n8n lists a node's triggers first on an empty canvas and shows its "Actions (N)" folded.
	await creator
		.getByText(/^(Actions|Triggers) \(\d+\)$/)
		.first()
		.waitFor();
	const item = creator.getByText(action, { exact: true }).first();
	if (!(await item.isVisible()))
		await creator
			.getByText(/^Actions \(\d+\)$/)
			.first()
			.click();
	await item.click();
}

/**
 * Console errors that come from our package. The editor's own look-ups of the package on the npm registry fail on
 * a machine without internet (n8n reports them as console errors naming the package): those are not ours.
 */
export function packageErrors(errors: EditorPage['errors']): EditorPage['errors'] {
	return errors.filter(
		(error) =>
			/dasgateway/i.test(`${error.text} ${error.url ?? ''}`) &&
			!/registry\.npmjs\.org|api\.n8n\.io/.test(`${error.text} ${error.url ?? ''}`),
	);
}

/** Sets a parameter of the open node panel by its name: types into a text or number field, picks a drop-down option. */
export async function setParameter(page: Page, name: string, value: string, scope?: Locator): Promise<void> {
	const field = (scope ?? page.locator('[data-test-id="ndv"]'))
		.locator(`[data-test-id="parameter-input-${name}"]`)
		.first();
	await field.scrollIntoViewIfNeeded();
	const select = field.locator('.el-select, [role="combobox"]').first();
	if ((await select.count()) > 0) {
		await select.click();
		await page.keyboard.type(value);
		await page
			.locator('.el-select-dropdown__item:visible, [role="option"]:visible', { hasText: value })
			.first()
			.click();
		return;
	}
	const input = field.locator('input, textarea, [contenteditable="true"]').first();
	await input.click();
	await input.fill(value);
	await input.press('Tab');
}
