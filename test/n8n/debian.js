// @ts-check
/**
 * Debian packages a test needs (Redis, PostgreSQL, Chromium): installed with apt-get when
 * missing, which needs root; anyone else is told what to install.
 */
const { execFileSync } = require('child_process');

/** @param {string} message */
function say(message) {
	process.stderr.write(`[debian] ${message}\n`);
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** @param {string} command */
function onPath(command) {
	try {
		execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/**
 * Installs Debian packages that are missing (root only; otherwise says what to install).
 * @param {Array<{ pkg: string, present: () => boolean }>} wanted
 */
function ensureDebianPackages(wanted) {
	const missing = wanted.filter((want) => !want.present()).map((want) => want.pkg);
	if (missing.length === 0) return;
	if (!isRoot())
		throw new Error(
			`missing Debian packages: ${missing.join(' ')} (install them: sudo apt-get install -y ${missing.join(' ')})`,
		);
	const started = Date.now();
	say(`installing ${missing.join(', ')} from Debian's packages (apt-get)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env,
	});
	say(`installed ${missing.join(', ')} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

module.exports = { ensureDebianPackages, isRoot, onPath };
