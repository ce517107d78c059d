// @ts-check
/**
 * Debian's Chromium (installed with apt-get when missing) driven by playwright-core, for tests
 * of n8n's editor. Playwright's own browser download cannot work offline and is never used.
 * Also keeps what the page reported: console errors, uncaught exceptions, failed requests.
 */
const fs = require('fs');
const path = require('path');

const { chromium, selectors } = require('playwright-core');

const { ensureDebianPackages } = require('../n8n/debian');

/** Debian's Chromium, unless CHROMIUM_PATH names another Chromium or Chrome (e.g. on GitHub). */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function ensureChromium() {
	if (process.env.CHROMIUM_PATH) {
		if (!fs.existsSync(CHROMIUM)) throw new Error(`CHROMIUM_PATH: no browser at ${CHROMIUM}`);
		return;
	}
	ensureDebianPackages([
		{ pkg: 'chromium', present: () => fs.existsSync(CHROMIUM) },
		// Without a font the editor still works, but screenshots show boxes for letters.
		{
			pkg: 'fonts-liberation',
			present: () => fs.existsSync('/usr/share/fonts/truetype/liberation'),
		},
		// The bank names and card types, and the Aliyun console's menu names, are Chinese.
		{
			pkg: 'fonts-wqy-zenhei',
			present: () => fs.existsSync('/usr/share/fonts/truetype/wqy'),
		},
	]);
}

async function launchChromium() {
	ensureChromium();
	// n8n's editor marks its elements with data-test-id (getByTestId reads it).
	selectors.setTestIdAttribute('data-test-id');
	return chromium.launch({
		executablePath: CHROMIUM,
		// Offline: without the background-networking flags Chromium keeps trying Google's hosts.
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/**
 * @typedef {{ kind: 'console' | 'pageerror' | 'requestfailed' | 'http', text: string, url?: string, step: string }} PageProblem
 */

/**
 * Records what went wrong in a page, tagged with the step of the test it happened in.
 * @param {import('playwright-core').Page} page
 */
function watchPage(page) {
	/** @type {PageProblem[]} */
	const problems = [];
	const state = { step: 'start', problems };
	const add = (/** @type {Omit<PageProblem, 'step'>} */ problem) =>
		state.problems.push({ ...problem, step: state.step });
	page.on('console', (message) => {
		if (message.type() === 'error')
			add({ kind: 'console', text: message.text(), url: message.location().url });
	});
	page.on('pageerror', (error) => add({ kind: 'pageerror', text: error.stack ?? error.message }));
	page.on('requestfailed', (request) =>
		add({ kind: 'requestfailed', text: request.failure()?.errorText ?? '', url: request.url() }),
	);
	page.on('response', (response) => {
		if (response.status() >= 500 || response.status() === 404)
			add({ kind: 'http', text: String(response.status()), url: response.url() });
	});
	return state;
}

/**
 * Saves a screenshot as <dir>/<NN>-<name>.png, numbered in the order taken.
 * @param {string} dir
 */
function screenshotter(dir) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	let count = 0;
	return async (/** @type {import('playwright-core').Page} */ page, /** @type {string} */ name) => {
		count += 1;
		const file = path.join(dir, `${String(count).padStart(2, '0')}-${name}.png`);
		await page.screenshot({ path: file });
		return file;
	};
}

module.exports = { launchChromium, watchPage, screenshotter };
