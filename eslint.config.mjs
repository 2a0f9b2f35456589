import tsParser from '@typescript-eslint/parser';
import { configs as communityConfigs } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

// n8n's two rule sets: the community-node rules (flat config) and the classic nodes-base rules (eslintrc shape).
const nodesBase = (name) => ({ plugins: { 'n8n-nodes-base': n8nNodesBase }, rules: n8nNodesBase.configs[name].rules });

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'examples/**', '**/*.test.ts', '*.js', '*.mjs'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		// n8n's package scanner ignores eslint-disable comments, so we do too: a finding is fixed, not silenced.
		linterOptions: { noInlineConfig: true },
	},
	{ files: ['**/*.ts'], ...communityConfigs.recommended },
	{
		files: ['package.json'],
		languageOptions: { parser: (await import('jsonc-eslint-parser')).default },
		...nodesBase('community'),
	},
	{ files: ['credentials/**/*.ts'], ...nodesBase('credentials') },
	{ files: ['nodes/**/*.ts'], ...nodesBase('nodes') },
	{
		rules: {
			// Superseded by @n8n/community-nodes/node-connection-type-literal, which asks for NodeConnectionTypes.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// Applies to n8n's own repository only; community credentials link a full URL (checked by credential-documentation-url).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
];
