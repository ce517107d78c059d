/**
 * A person's first contact with the package: n8n's editor in a real browser (Debian's Chromium,
 * driven by playwright-core) against the `npm run dev` stack (n8n 2.41.1 with the packed
 * package, the stand-in gateway, the model stand-in, the demo credentials and example workflows).
 * From owner setup to a run with items on both outputs, the node as an AI Agent's tool, and the
 * credential in n8n's HTTP Request node. Screenshots of every step go to .tmp/ui-screenshots
 * (git-ignored); the README's pictures to docs/images with `npm run screenshots`.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

import type { Browser, Page } from 'playwright-core';

import { nodeProperties } from '../../nodes/AliyunBankCardOcr/description';
import { CREDENTIALS, EXAMPLES } from '../n8n/examples';
import { startDevStack } from '../n8n/dev-stack';
import { freePort, PACKAGE_NAME } from '../n8n/instance';
import { launchChromium, screenshotter, watchPage } from './browser';

const ROOT = path.resolve(__dirname, '..', '..');
const SCREENSHOTS = path.join(ROOT, '.tmp', 'ui-screenshots');
/** The README's pictures: docs/images with `npm run screenshots`, else beside the others. */
const DOCS_IMAGES = process.env.DOCS_IMAGES
	? path.resolve(ROOT, process.env.DOCS_IMAGES)
	: path.join(SCREENSHOTS, 'docs');
const OWNER = { email: 'owner@example.com', firstName: 'Test', lastName: 'Owner' };
const OWNER_PASSWORD = 'Owner-Passw0rd-UI';
const OCR_NODE = 'Aliyun Bank Card OCR';
const CREDENTIAL_TYPE = 'Aliyun API Gateway API';
const exampleNames = Object.values(EXAMPLES)
	.map((workflow) => workflow.name)
	.sort();

type Stack = Awaited<ReturnType<typeof startDevStack>>;
type Property = (typeof nodeProperties)[number];

/** The node's parameters as a workflow node (not as an AI Agent's tool). */
const nodeParameters = nodeProperties.filter(
	(property) => !property.displayOptions?.show?.['@tool'],
);

/** The parameters shown for one Image Source value, in the package's own order. */
function parametersFor(source: string) {
	return nodeParameters
		.filter((property) => {
			const shown = property.displayOptions?.show?.source as string[] | undefined;
			return !shown || shown.includes(source);
		})
		.map((property) => property.displayName);
}
const sourceProperty = nodeParameters.find((property) => property.name === 'source') as Property;
const sourceOptions = (sourceProperty.options ?? []) as Array<{ name: string; value: string }>;
const optionsProperty = nodeProperties.find((property) => property.name === 'options') as Property;
const optionNames = ((optionsProperty.options ?? []) as Array<{ displayName: string }>).map(
	(option) => option.displayName,
);

describe("n8n's editor in a real browser", () => {
	let stack: Stack;
	let browser: Browser;
	let page: Page;
	let watched: ReturnType<typeof watchPage>;
	let shot: (page: Page, name: string) => Promise<string>;
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'bankcard-ocr-ui-'));
	const started = Date.now();
	const timings: Record<string, number> = {};

	/** What went wrong in the page that concerns the package (its name, icons, node or credential). */
	const packageProblems = (step?: string) =>
		watched.problems.filter((problem) => {
			if (step && problem.step !== step) return false;
			// n8n's editor looks an installed community package up on registry.npmjs.org to show
			// its details; offline here, and n8n's own request, not the package's.
			if (problem.url?.startsWith('https://registry.npmjs.org/')) return false;
			return /aliyun|bankcard|bank card/i.test(`${problem.text} ${problem.url ?? ''}`);
		});

	/** An Element UI select: opens it, optionally types a filter, clicks the option. */
	async function choose(testId: string, option: string, filter?: string) {
		await page.getByTestId(testId).click();
		if (filter) await page.keyboard.type(filter);
		await page
			.locator('.el-select-dropdown__item:visible')
			.filter({ hasText: option })
			.first()
			.click();
	}

	/**
	 * The texts of a list once it has settled on `expected` (a list renders and filters a moment
	 * after a click or a keystroke), or what it shows after 15 s, for the assertion to report.
	 */
	async function settledTexts(read: () => Promise<string[]>, expected: string[]) {
		const deadline = Date.now() + 15000;
		let texts = await read();
		while (JSON.stringify(texts) !== JSON.stringify(expected) && Date.now() < deadline) {
			await page.waitForTimeout(200);
			texts = await read();
		}
		return texts;
	}
	const visibleOptions = () => page.locator('.el-select-dropdown__item:visible').allInnerTexts();

	/** The node panel's entry for `name`, after searching for `search` (the panel must be open). */
	async function searchNodes(search: string, name: string) {
		await page.getByTestId('node-creator-search-bar').fill(search);
		const item = page.getByTestId('node-creator-node-item').filter({ hasText: name }).first();
		await item.waitFor();
		return item;
	}

	beforeAll(async () => {
		const stackStarted = Date.now();
		stack = await startDevStack({ userFolder, n8nPort: await freePort() });
		await stack.n8nProcess.waitUntil(
			() => stack.n8nProcess.output.includes('Editor is now accessible'),
			240000,
			'"Editor is now accessible"',
		);
		timings['dev stack'] = Date.now() - stackStarted;
		browser = await launchChromium();
		const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
		page = await context.newPage();
		// A busy machine renders slowly: generous waits, never fixed sleeps.
		page.setDefaultTimeout(60000);
		watched = watchPage(page);
		shot = screenshotter(SCREENSHOTS);
	});

	afterAll(async () => {
		await browser?.close();
		await stack?.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
		const steps = Object.entries(timings)
			.map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
			.join(', ');
		process.stdout.write(
			`[ui] ${((Date.now() - started) / 1000).toFixed(1)} s in all (${steps}); screenshots in ${path.relative(ROOT, SCREENSHOTS)}/\n`,
		);
		const others = watched?.problems.filter((problem) => !packageProblems().includes(problem));
		if (others?.length)
			process.stdout.write(
				`[ui] page problems that are n8n's own (offline, or n8n's editor): ${others.length}, e.g. ${others
					.slice(0, 3)
					.map((p) => `${p.kind} ${p.text.slice(0, 80)}`)
					.join(' | ')}\n`,
			);
	});

	/** One of the README's pictures, without n8n's passing notifications over it. */
	async function docsImage(name: string) {
		for (const close of await page.locator('.el-notification__closeBtn:visible').all())
			await close.click().catch(() => undefined);
		await page.locator('.el-notification:visible').first().waitFor({ state: 'hidden' });
		fs.mkdirSync(DOCS_IMAGES, { recursive: true });
		await page.screenshot({ path: path.join(DOCS_IMAGES, `${name}.png`) });
	}

	/** Runs a step of the test, with its time and a screenshot at its end. */
	async function step(name: string, body: () => Promise<void>) {
		watched.step = name;
		const stepStarted = Date.now();
		try {
			await body();
		} finally {
			timings[name] = Date.now() - stepStarted;
			await shot(page, name).catch(() => undefined);
		}
	}

	it('sets up the owner account and lists the example workflows', async () => {
		await step('owner-setup', async () => {
			await page.goto(stack.editorUrl);
			await page.waitForURL(/\/setup/);
			await page.locator('input[name=email]').fill(OWNER.email);
			await page.locator('input[name=firstName]').fill(OWNER.firstName);
			await page.locator('input[name=lastName]').fill(OWNER.lastName);
			await page.locator('input[name=password]').fill(OWNER_PASSWORD);
			await page.getByTestId('form-submit-button').click();
			await page.waitForURL((url) => !url.pathname.startsWith('/setup'));
			await page.goto(`${stack.editorUrl}/home/workflows`);
			const names = page.getByTestId('workflow-card-name');
			await names.filter({ hasText: 'Bank cards from email attachments' }).waitFor();
			const listed = async () => (await names.allInnerTexts()).sort();
			expect(await settledTexts(listed, exampleNames)).toEqual(exampleNames);
		});
	});

	it(`node search finds "${OCR_NODE}" with its icon (light and dark)`, async () => {
		await step('node-search', async () => {
			await page.goto(`${stack.editorUrl}/workflow/new`);
			await page.getByTestId('node-creator-plus-button').click();
			const item = await searchNodes('Aliyun Bank Card', OCR_NODE);
			expect(await item.getByTestId('node-creator-item-name').innerText()).toBe(OCR_NODE);
			const icon = item.locator('img').first();
			expect(await icon.getAttribute('src')).toMatch(
				new RegExp(`/icons/${PACKAGE_NAME}/dist/nodes/AliyunBankCardOcr/aliyunBankCardOcr\\.svg$`),
			);
			// Loaded and drawn: an image that failed to load has no natural width.
			await page.waitForFunction(
				(element) => (element as unknown as { complete: boolean }).complete,
				await icon.elementHandle(),
			);
			expect(
				await icon.evaluate(
					(element) => (element as unknown as { naturalWidth: number }).naturalWidth,
				),
			).toBeGreaterThan(0);
			// The dark icon, as the editor's dark theme asks for it.
			const dark = await page.request.get(
				`${stack.editorUrl}/icons/${PACKAGE_NAME}/dist/nodes/AliyunBankCardOcr/aliyunBankCardOcr.dark.svg`,
			);
			expect(dark.status()).toBe(200);
			expect(await dark.text()).toMatch(/^<svg[\s>]/);
		});
	});

	it('the parameter panel shows every parameter and option, with no console error from the package', async () => {
		await step('parameter-panel', async () => {
			// A community node opens its details first, with "Add to workflow".
			await page.getByTestId('node-creator-node-item').filter({ hasText: OCR_NODE }).click();
			await page.getByRole('button', { name: 'Add to workflow' }).click();
			const parameters = page.getByTestId('node-parameters');
			await parameters.waitFor();
			for (const source of sourceOptions) {
				await choose('parameter-input-source', source.name);
				const text = await parameters.innerText();
				for (const name of parametersFor(source.value))
					expect({ source: source.name, name, shown: text.includes(name) }).toEqual({
						source: source.name,
						name,
						shown: true,
					});
			}
			await page.getByTestId('collection-parameter-add').click();
			const listed = () => page.getByTestId('collection-parameter-option').allInnerTexts();
			expect(await settledTexts(listed, optionNames)).toEqual(optionNames);
			await page.keyboard.press('Escape');
			// Every option added, one by one: each renders its own input.
			for (const name of optionNames) {
				await page.getByTestId('collection-parameter-add').click();
				await page
					.getByTestId('collection-parameter-option')
					.filter({ hasText: name })
					.first()
					.click();
			}
			const text = await parameters.innerText();
			for (const name of optionNames)
				expect({ name, shown: text.includes(name) }).toEqual({ name, shown: true });
			expect(packageProblems('parameter-panel')).toEqual([]);
			expect(
				watched.problems.filter((p) => p.step === 'parameter-panel' && p.kind === 'pageerror'),
			).toEqual([]);
		});
	});

	/** Opens a workflow from the Workflows list, by (part of) its name. */
	async function openWorkflow(name: string) {
		await page.goto(`${stack.editorUrl}/home/workflows`);
		await page.getByTestId('workflow-card-name').filter({ hasText: name }).click();
		await page.waitForURL(/\/workflow\//);
	}

	/** Opens a credential from the Credentials list; resolves n8n's first test answer. */
	async function openCredential(name: string) {
		await page.goto(`${stack.editorUrl}/home/credentials`);
		const tested = page.waitForResponse((response) =>
			response.url().endsWith('/rest/credentials/test'),
		);
		await page.getByText(name, { exact: true }).click();
		const answer = (await (await tested).json()) as { data: { status: string; message: string } };
		return { answer: answer.data, modal: page.getByTestId('editCredential-modal') };
	}

	it('the credential test is green for AppCode and for AppKey & AppSecret, red with a wrong secret', async () => {
		await step('credential-test', async () => {
			for (const credential of [CREDENTIALS.appCode, CREDENTIALS.signature]) {
				const { answer, modal } = await openCredential(credential.name);
				expect({ credential: credential.name, ...answer }).toEqual({
					credential: credential.name,
					status: 'OK',
					message: 'Connection successful!',
				});
				await modal.getByText('Connection tested successfully').waitFor();
			}
			await shot(page, 'credential-green');
			await docsImage('credential-dialog');

			const { modal } = await openCredential(CREDENTIALS.signature.name);
			await page
				.getByTestId('parameter-input-appSecret')
				.locator('input')
				.fill('Wrong+Secret/0000000000000000000');
			const retested = page.waitForResponse((response) =>
				response.url().endsWith('/rest/credentials/test'),
			);
			await modal.getByRole('button', { name: 'Retry' }).click();
			const answer = (
				(await (await retested).json()) as { data: { status: string; message: string } }
			).data;
			expect(answer.status).toBe('Error');
			expect(answer.message).toMatch(/^Aliyun API Gateway rejected the credential \(HTTP 400\)/);
			await modal.getByText(/Couldn.t connect with these settings/).waitFor();
			// The secret never comes back to the page.
			expect(await modal.innerText()).not.toContain('Fake0nly+Test/Secret');
		});
	});

	it('an example workflow runs from the editor with items on Success and on Error', async () => {
		await step('run-example', async () => {
			await openWorkflow('Bank cards from email attachments');
			const ran = page.waitForResponse((response) =>
				/\/rest\/workflows\/[^/]+\/run/.test(response.url()),
			);
			const before = stack.gateway.log.length;
			await page.getByTestId('execute-workflow-button').click();
			expect((await ran).status()).toBe(200);
			const label = (target: string) =>
				page.locator(
					`[data-test-id="edge-label"][data-source-node-name="Read bank cards"][data-target-node-name="${target}"]`,
				);
			// The end-to-end test checks these items one by one: three readable cards; a PDF and
			// an empty file on Error.
			await label('Card register').filter({ hasText: '3 items' }).waitFor();
			await label('Needs review').filter({ hasText: '2 items' }).waitFor();
			expect(await label('Card register').getAttribute('data-edge-status')).toBe('success');
			expect(stack.gateway.log.length - before).toBe(3);
			await docsImage('workflow-canvas');

			// The node's panel after the run: input files, parameters and options, both outputs.
			await page
				.locator('[data-test-id="canvas-node"][data-node-name="Read bank cards"]')
				.dblclick();
			const ndv = page.getByTestId('ndv');
			await ndv.getByText('Success Branch (3 items)').waitFor();
			await ndv.getByText('Error Branch (2 items)').waitFor();
			await docsImage('parameter-panel');
			await page.getByTestId('ndv-close-button').click();
		});
	});

	it("the agent example runs from the editor: the tool's card and its error reach the model", async () => {
		await step('run-agent-example', async () => {
			await openWorkflow('AI Agent reads bank cards');
			const before = stack.model.log.length;
			await page.getByTestId('execute-workflow-button').click();
			await page
				.locator(
					'[data-test-id="edge-label"][data-source-node-name="Read bank card"][data-target-node-name="AI Agent"]',
				)
				.filter({ hasText: '2 items total' })
				.waitFor();
			const results = stack.model.log
				.slice(before)
				.flatMap((entry) => entry.toolResults)
				.map((result) => JSON.parse(result)[0].ret_code);
			expect(results.sort()).toEqual([0, 70]);
			await docsImage('ai-agent-tool');

			// A new tool from the agent's Tool slot comes set for an agent: Image URL given by the
			// model, and a Description for the model.
			await page
				.locator(
					'[data-test-id="canvas-node-input-handle"][data-node-name="AI Agent"][data-connection-type="ai_tool"]',
				)
				.getByTestId('canvas-handle-plus')
				.click();
			await (await searchNodes('Aliyun Bank Card', `${OCR_NODE} Tool`)).click();
			const parameters = page.getByTestId('node-parameters');
			await parameters.waitFor();
			expect(await page.getByTestId('parameter-input-source').locator('input').inputValue()).toBe(
				'Image URL',
			);
			await shot(page, 'new-tool');
			expect(
				await page.getByTestId('parameter-input-toolDescription').locator('textarea').inputValue(),
			).toMatch(/^Reads a bank card from a photo/);
			expect(await parameters.innerText()).toContain("$fromAI('imageUrl'");
			await page.getByTestId('ndv-close-button').click();
		});
	});

	it('the HTTP Request node offers the credential under Predefined Credential Type', async () => {
		await step('http-request-node', async () => {
			await page.goto(`${stack.editorUrl}/workflow/new`);
			await page.getByTestId('node-creator-plus-button').click();
			await (await searchNodes('Manual', 'Manual Trigger')).click();
			await page.getByTestId('canvas-handle-plus').first().click();
			await (await searchNodes('HTTP Request', 'HTTP Request')).click();
			await choose('parameter-input-authentication', 'Predefined Credential Type');
			await page.getByTestId('parameter-input-nodeCredentialType').click();
			await page.keyboard.type('Aliyun');
			expect(await settledTexts(visibleOptions, [CREDENTIAL_TYPE])).toEqual([CREDENTIAL_TYPE]);
			await page
				.locator('.el-select-dropdown__item:visible')
				.filter({ hasText: CREDENTIAL_TYPE })
				.click();
			await page.getByTestId('node-credentials-select').click();
			const offered = async () =>
				(
					await page
						.locator('[data-test-id^="node-credentials-select-item-aliyun"]')
						.allInnerTexts()
				)
					.map((text) => text.split('\n')[0])
					.sort();
			const demoCredentials = Object.values(CREDENTIALS)
				.map((credential) => credential.name)
				.sort();
			expect(await settledTexts(offered, demoCredentials)).toEqual(demoCredentials);
		});
	});
});
