/**
 * `npm run docs:screenshots`: the pictures in docs/, taken in Debian's Chromium (installed with apt-get when missing)
 * against a fresh `npm run demo` (started here on port 5678 when free, else a free port; stopped at the end).
 *
 *   docs/example-canvas.png       an example workflow with its sticky note
 *   docs/action-node.png          the DasGateway node's panel (Authorize)
 *   docs/run-output.png           a run's output (Capture, after Execute workflow)
 *   docs/schema-view.png          the output schema n8n shows before a run (Refund's input)
 *   docs/trigger-panel.png        the DasGateway Trigger's panel
 *   docs/subscription-trigger.png the DasGateway Subscription Trigger's panel, added from the picker
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { addNodeFromPicker, dismissOverlays, launchChromium, openEditor, packageErrors } from './browser';
import { REPO_ROOT } from './instance';
import { freePort, preferredPort, waitFor } from './processes';

const DOCS = join(REPO_ROOT, 'docs');
const say = (line: string) => console.log(`[screenshots] ${line}`);

async function openNode(page: Page, name: string): Promise<void> {
	await page
		.locator(`[data-test-id="canvas-node"][data-node-name="${name}"], [data-node-name="${name}"]`)
		.first()
		.dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'visible' });
	await page.waitForTimeout(500);
}

async function closeNode(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
}

async function shoot(page: Page, file: string): Promise<void> {
	await page.waitForTimeout(400);
	await page.screenshot({ path: join(DOCS, file) });
	say(`docs/${file}`);
}

async function main(): Promise<void> {
	mkdirSync(DOCS, { recursive: true });
	// n8n's default port when free, as for a user's `npm run demo`: the example's sticky note shows the URL it rewrote.
	const port = await preferredPort(5678);
	const emulatorPort = await freePort();
	say(`starting the demo on port ${port}`);
	const demo = spawn(
		process.execPath,
		[join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'demo.ts')],
		{
			cwd: REPO_ROOT,
			env: { ...process.env, DASGATEWAY_DEMO_PORT: String(port), DASGATEWAY_EMULATOR_PORT: String(emulatorPort) },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		},
	);
	let output = '';
	demo.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	demo.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const stopDemo = async () => {
		if (demo.exitCode !== null) return;
		process.kill(-(demo.pid as number), 'SIGINT');
		await waitFor('the demo to stop', async () => (demo.exitCode !== null ? true : undefined), {
			timeoutMs: 60_000,
			intervalMs: 500,
		}).catch(() => process.kill(-(demo.pid as number), 'SIGKILL'));
	};
	let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
	try {
		const base = await waitFor(
			'the demo to print its editor URL',
			async () => {
				if (demo.exitCode !== null) throw new Error(`the demo exited (${demo.exitCode}):\n${output.slice(-3000)}`);
				try {
					const owner = JSON.parse(readFileSync(join(REPO_ROOT, '.n8n-e2e', 'demo.pid.json'), 'utf8')) as {
						pid: number;
						editor?: string;
					};
					return owner.editor && output.includes('Press Ctrl-C') ? owner.editor.replace(/\/$/, '') : undefined;
				} catch {
					return undefined;
				}
			},
			{ timeoutMs: 15 * 60_000, intervalMs: 1000 },
		);
		browser = await launchChromium();
		const { page, errors } = await openEditor(browser, base, { viewport: { width: 1440, height: 900 } });

		await page.goto(`${base}/workflow/dasGatewayExample01`);
		await page.locator('[data-node-name="Authorize"]').first().waitFor();
		await dismissOverlays(page);
		await page.keyboard.press('Shift+1'); // zoom to fit
		await shoot(page, 'example-canvas.png');

		await openNode(page, 'Authorize');
		await shoot(page, 'action-node.png');
		await closeNode(page);

		await openNode(page, 'Refund');
		await shoot(page, 'schema-view.png');
		await closeNode(page);

		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		await page
			.locator('[data-node-name="Refund"] [data-test-id="canvas-node-status-success"]')
			.first()
			.waitFor({ timeout: 60_000 });
		await openNode(page, 'Capture');
		await shoot(page, 'run-output.png');
		await closeNode(page);

		await page.goto(`${base}/workflow/dasGatewayExample06`);
		await page.locator('[data-node-name="DasGateway Trigger"]').first().waitFor();
		await dismissOverlays(page);
		await openNode(page, 'DasGateway Trigger');
		await shoot(page, 'trigger-panel.png');
		await closeNode(page);

		await page.goto(`${base}/workflow/new`);
		await dismissOverlays(page);
		await addNodeFromPicker(page, {
			search: 'DasGateway Subscription',
			node: 'DasGateway Subscription',
			action: 'On renewal due',
		});
		await page.locator('[data-test-id="ndv"]').waitFor({ state: 'visible' });
		await shoot(page, 'subscription-trigger.png');

		const ours = packageErrors(errors);
		if (ours.length > 0) say(`console errors from our package:\n${ours.map((error) => error.text).join('\n')}`);
		say('done');
	} catch (error) {
		const pages = browser?.contexts().flatMap((context) => context.pages()) ?? [];
		if (pages[0])
			await pages[0]
				.screenshot({ path: join(REPO_ROOT, '.n8n-e2e', 'screenshots-failure.png') })
				.catch(() => undefined);
		throw new Error(`${(error as Error).message} (the browser's last view: .n8n-e2e/screenshots-failure.png)`);
	} finally {
		await browser?.close().catch(() => undefined);
		await stopDemo();
	}
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(`[screenshots] failed: ${error.message}`);
		process.exit(1);
	},
);
