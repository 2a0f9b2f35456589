/**
 * The package in n8n's own editor, in Debian's Chromium (playwright-core; installed with apt-get when missing):
 * a user adds the DasGateway node from the picker, fills a purchase, runs the step and sees the approved payment.
 * The browser console must show no error coming from our package.
 */
import { join } from 'node:path';

import type { Browser } from 'playwright-core';

import {
	addNodeFromPicker,
	dismissOverlays,
	launchChromium,
	openEditor,
	packageErrors,
	setParameter,
	type EditorPage,
} from '../n8n/browser';
import { REPO_ROOT } from '../n8n/instance';
import { setupE2e, type E2eContext } from './support/harness';

let e2e: E2eContext;
let browser: Browser | undefined;
let editor: EditorPage;

beforeAll(async () => {
	e2e = await setupE2e({ name: 'editor' });
	browser = await launchChromium();
	editor = await openEditor(browser, e2e.n8n.baseUrl);
});

afterAll(async () => {
	await browser?.close().catch(() => undefined);
	await e2e?.close();
});

/** The purchase a user types in (the emulator's approving test card). */
const PURCHASE: Array<[string, string]> = [
	['amount', '12.5'],
	['currency', 'USD'],
	['cardNumber', '4111111111111111'],
	['cardholderName', 'Ada Lovelace'],
	['cardExpiryMonth', '12'],
	['cardExpiryYear', '34'],
	['cardCvc', '123'],
	['customerIp', '203.0.113.7'],
	['timeZone', 'Asia/Tokyo'],
];
const BILLING: Array<[string, string]> = [
	['country', 'JP'],
	['email', 'ada@example.com'],
	['phone', '+81 3 1234 5678'],
	['addressLine1', '1-2-3 Shinjuku'],
	['city', 'Shinjuku-ku'],
	['state', 'Tokyo'],
	['postalCode', '1600022'],
];

const SHIPPING: Array<[string, string]> = [
	['country', 'GB'],
	['email', 'ship@example.com'],
	['phone', '020 7946 0000'],
	['addressLine1', '1 Road'],
	['city', 'London'],
	['state', 'London'],
];

/** On failure: what the browser showed, for the log. */
async function evidence(): Promise<string> {
	const file = join(REPO_ROOT, '.n8n-e2e', `editor-failure-${Date.now()}.png`);
	await editor.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
	return `screenshot: ${file}; url: ${editor.page.url()}; console errors: ${JSON.stringify(editor.errors.slice(-5))}`;
}

it('adds DasGateway from the picker, fills a purchase, runs it and shows the approved payment', async () => {
	try {
		await purchaseInTheEditor();
	} catch (error) {
		throw new Error(`${(error as Error).message}\n${await evidence()}`);
	}
});

async function purchaseInTheEditor(): Promise<void> {
	const { page } = editor;
	await page.goto(`${e2e.n8n.baseUrl}/workflow/new`);
	await dismissOverlays(page);
	await addNodeFromPicker(page, { search: 'DasGateway', node: 'DasGateway', action: 'Make a purchase' });

	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor({ state: 'visible' });
	// n8n chooses the only credential of its type for the user; pick it if it did not.
	const credential = ndv.locator('[data-test-id="node-credentials-select"]').first();
	await credential.waitFor();
	if (
		!(await credential.innerText().catch(() => '')).includes('DasGateway Emulator') &&
		!(
			await credential
				.locator('input')
				.inputValue()
				.catch(() => '')
		).includes('DasGateway Emulator')
	) {
		await credential.click();
		await page
			.locator('[data-test-id^="node-credentials-select-item-"]:visible', { hasText: 'DasGateway Emulator' })
			.first()
			.click();
	}

	for (const [name, value] of PURCHASE) await setParameter(page, name, value);
	// Billing Address: a fixed collection shown with its "Add Billing Address" button first.
	const addBilling = ndv.getByRole('button', { name: /Add Billing Address/i });
	if ((await addBilling.count()) > 0) await addBilling.first().click();
	const billing = ndv.locator('[data-test-id="fixed-collection-billingAddress"]');
	for (const [name, value] of BILLING)
		await setParameter(page, name, value, (await billing.count()) > 0 ? billing : undefined);

	// Version 2 keeps the optional Shipping Address under Additional Fields; added from there it opens with its fields.
	await ndv.locator('[data-test-id="collection-parameter-add"]').first().click();
	await page
		.locator('[data-test-id="collection-parameter-option"]:visible', { hasText: 'Shipping Address' })
		.first()
		.click();
	const shipping = ndv.locator('[data-test-id="fixed-collection-shippingAddress"]');
	await shipping.waitFor();
	for (const [name, value] of SHIPPING) await setParameter(page, name, value, shipping);

	await ndv.locator('[data-test-id="node-execute-button"]').first().click();
	const output = ndv.locator('[data-test-id="ndv-output-panel"], [data-test-id="output-panel"]').first();
	await output.getByText('approved').first().waitFor({ timeout: 60_000 });
	const shown = await output.innerText();
	expect(shown).toContain('12.5');
	expect(shown).toMatch(/411111\*+1111/);
	expect(shown).not.toContain('4111111111111111');

	// The emulator got exactly one purchase, as typed.
	const purchases = e2e.emulator.requests().filter((request) => request.path.endsWith('/payment'));
	expect(purchases).toHaveLength(1);
	const body = purchases[0].body as Record<string, unknown>;
	expect([Number(body.amount), body.currency, body.customer_ip]).toEqual([12.5, 'USD', '203.0.113.7']);
	// The drop-downs' values as the wire takes them, and the shipping address from Additional Fields.
	expect(body).toMatchObject({
		time_zone: 'Asia/Tokyo',
		billing_address: { country: 'JP' },
		card: { expiry_month: '12' },
	});
	expect(body.shipping_address).toEqual({
		country: 'GB',
		email: 'ship@example.com',
		phone_number: '020 7946 0000',
		address1: '1 Road',
		city: 'London',
		state: 'London',
	});

	const ours = packageErrors(editor.errors);
	expect(ours).toEqual([]);
}
