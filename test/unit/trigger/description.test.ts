/** What the editor shows for the trigger: DasGateway pushes, the panel says so, and no wire names reach the user. */
import type { INodeProperties, TriggerPanelDefinition } from 'n8n-workflow';

import { DasGatewayTrigger } from '../../../nodes/DasGateway/DasGatewayTrigger.node';

const description = new DasGatewayTrigger().description;
const property = (name: string) =>
	description.properties.find((candidate) => candidate.name === name) as INodeProperties;
const wireName = /\b[a-z]+_[a-z_.]+\b/; // return_url.webhook_url, transaction_reference, …

describe('DasGateway Trigger in the editor', () => {
	const panel = description.triggerPanel as TriggerPanelDefinition;

	it("replaces n8n's generic trigger panel texts with ones about Test vs Production URL and publishing", () => {
		expect(panel.header).toBeTruthy();
		expect(panel.header).not.toMatch(/pull/i);
		const help = panel.executionsHelp as { active: string; inactive: string };
		for (const text of [help.active, help.inactive]) {
			expect(text).toContain('Test URL');
			expect(text).toContain('Production URL');
			expect(text).not.toMatch(wireName);
		}
		expect(help.inactive).toMatch(/publish/i);
		expect((panel.activationHint as { inactive: string }).inactive).toMatch(/^Publish the workflow first/);
	});

	it('opens with a one-line notice, without wire names', () => {
		const notice = property('webhookNotice');
		expect(notice.type).toBe('notice');
		expect(notice.displayName.length).toBeLessThanOrEqual(140);
		expect(notice.displayName).not.toMatch(wireName);
	});

	it('spells out that no selection means all', () => {
		expect(property('transactionTypes').hint).toMatch(/all transaction types/i);
		expect(property('outcomes').hint).toMatch(/all outcomes/i);
	});
});
