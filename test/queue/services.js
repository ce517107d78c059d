// @ts-check
/**
 * Redis and PostgreSQL for n8n's queue mode, from Debian's packages (installed with apt-get
 * when missing, which needs root), each started as a process of this test on a free port of
 * 127.0.0.1 with its data in a temp folder: nothing of the machine's own services is used.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

const { freePort } = require('../n8n/instance');
const { ensureDebianPackages, isRoot, onPath } = require('../n8n/debian');
const { ManagedProcess } = require('../n8n/processes');

/** @param {string} message */
function say(message) {
	process.stderr.write(`[queue] ${message}\n`);
}

/** The newest PostgreSQL server's bin folder Debian installed, if any. */
function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return undefined;
	const versions = fs
		.readdirSync(base)
		.filter((version) => fs.existsSync(path.join(base, version, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(base, versions[0], 'bin') : undefined;
}

function ensureQueueServices() {
	ensureDebianPackages([
		{ pkg: 'redis-server', present: () => onPath('redis-server') },
		{ pkg: 'postgresql', present: () => postgresBinDir() !== undefined },
	]);
}

/** Sends one Redis command, resolves the first reply line. @param {number} port */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.setTimeout(1000);
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (data) => {
			resolve(data.toString().startsWith('+PONG'));
			socket.destroy();
		});
		socket.on('error', () => resolve(false));
		socket.on('timeout', () => {
			resolve(false);
			socket.destroy();
		});
	});
}

/** @param {string} workDir @returns {Promise<{ process: ManagedProcess, port: number }>} */
async function startRedis(workDir) {
	const port = await freePort();
	const dir = path.join(workDir, 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const redis = new ManagedProcess(
		'redis',
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{ logFile: path.join(workDir, 'redis.log') },
	).start();
	await redis.waitUntil(() => redisPing(port), 20000, 'answer to PING');
	return { process: redis, port };
}

/**
 * PostgreSQL refuses to run as root: as root, its files belong to Debian's `postgres` user and
 * it runs as that user (runuser); as anyone else, as that person.
 * @param {string} binary @param {string[]} args
 */
function asPostgresUser(binary, args) {
	return isRoot()
		? { command: 'runuser', args: ['-u', 'postgres', '--', binary, ...args] }
		: { command: binary, args };
}

/**
 * @param {string} workDir
 * @returns {Promise<{ process: ManagedProcess, port: number, database: string, user: string, psql: (sql: string) => string }>}
 */
async function startPostgres(workDir) {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
	const port = await freePort();
	const dataDir = path.join(workDir, 'pgdata');
	const socketDir = path.join(workDir, 'pgsocket');
	fs.mkdirSync(socketDir, { recursive: true });
	if (isRoot()) {
		fs.chmodSync(workDir, 0o755);
		execFileSync('chown', ['postgres:postgres', socketDir]);
		fs.mkdirSync(dataDir, { mode: 0o700 });
		execFileSync('chown', ['postgres:postgres', dataDir]);
	}
	const initdb = asPostgresUser(path.join(bin, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		'postgres',
		'-A',
		'trust',
		'-E',
		'UTF8',
		'--no-locale',
	]);
	execFileSync(initdb.command, initdb.args, { stdio: ['ignore', 'ignore', 'inherit'] });
	const server = asPostgresUser(path.join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		`unix_socket_directories=${socketDir}`,
		// A test database: speed over durability.
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	]);
	const postgres = new ManagedProcess('postgres', server.command, server.args, {
		logFile: path.join(workDir, 'postgres.log'),
	}).start();
	const psqlBin = path.join(bin, 'psql');
	/** @param {string} database @param {string} sql */
	const query = (database, sql) =>
		execFileSync(
			psqlBin,
			['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-XAtq', '-c', sql],
			{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
		);
	await postgres.waitUntil(
		() => {
			try {
				query('postgres', 'SELECT 1');
				return true;
			} catch {
				return false;
			}
		},
		30000,
		'accept connections',
	);
	// CREATE DATABASE cannot run inside the transaction that one psql -c makes of several statements.
	query('postgres', 'CREATE DATABASE n8n');
	return {
		process: postgres,
		port,
		database: 'n8n',
		user: 'postgres',
		psql: (sql) => query('n8n', sql),
	};
}

module.exports = {
	ensureQueueServices,
	ensureDebianPackages,
	onPath,
	startRedis,
	startPostgres,
	say,
};
