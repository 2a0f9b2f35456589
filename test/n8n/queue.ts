/**
 * n8n 2.8.4 in queue mode on this machine: PostgreSQL + Redis, `n8n start` (main, also serving production
 * webhooks), one `n8n webhook` process and N `n8n worker` processes, one encryption key.
 *
 *   const cluster = await N8nQueueCluster.create({ name: 'queue' });   // own database + Redis key prefix
 *   await cluster.n8n.importCredentials([...]); await cluster.n8n.importWorkflows([...], { via: 'cli' });
 *   await cluster.n8n.publishWorkflow(id);                              // before start: taken up by every process
 *   await cluster.start();                                              // main, then webhook + workers
 *   cluster.mainUrl; cluster.webhookUrl;                                // the two receiving processes
 *   await cluster.killWebhook(); await cluster.startWebhook();          // kill -9 and restart (same port)
 *   await cluster.sql('SELECT …', [params]);                            // the cluster's database
 *   await cluster.close();                                              // stops all, drops database and keys
 *
 * PostgreSQL and Redis are services of the machine (DASGATEWAY_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 * DASGATEWAY_REDIS_URL, default redis://127.0.0.1:6379). Their clients are n8n's own `pg` and `ioredis` from the
 * n8n install, so the package needs no dependency of its own for them.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { n8nInstallDir } from './install';
import { N8nInstance } from './instance';
import { freePort, signalGroup, startProcess, tail, waitFor, type StartedProcess } from './processes';

const SECOND = 1_000;

export const PG_URL = process.env.DASGATEWAY_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.DASGATEWAY_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface PgClient {
	connect(): Promise<void>;
	query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
	end(): Promise<void>;
}
interface RedisClient {
	scan(cursor: string, ...args: Array<string | number>): Promise<[string, string[]]>;
	del(...keys: string[]): Promise<number>;
	quit(): Promise<unknown>;
}

function n8nRequire(): NodeRequire {
	return createRequire(join(n8nInstallDir(), 'node_modules', 'n8n', 'package.json'));
}

function pgClient(url: string): PgClient {
	const { Client } = n8nRequire()('pg') as { Client: new (options: { connectionString: string }) => PgClient };
	return new Client({ connectionString: url });
}

function redisClient(url: string): RedisClient {
	const Redis = n8nRequire()('ioredis') as new (url: string, options: Record<string, unknown>) => RedisClient;
	return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
}

/** Runs `fn` with a connection to `database` on the PostgreSQL server of PG_URL. */
async function withPg<T>(database: string | null, fn: (client: PgClient) => Promise<T>): Promise<T> {
	const url = new URL(PG_URL);
	if (database) url.pathname = `/${database}`;
	const client = pgClient(url.toString());
	await client.connect();
	try {
		return await fn(client);
	} finally {
		await client.end();
	}
}

/** Deletes every Redis key that starts with `prefix` (SCAN, never KEYS). */
export async function deleteRedisKeys(prefix: string): Promise<number> {
	const redis = redisClient(REDIS_URL);
	let deleted = 0;
	try {
		let cursor = '0';
		do {
			const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
			cursor = next;
			if (keys.length > 0) deleted += await redis.del(...keys);
		} while (cursor !== '0');
	} finally {
		await redis.quit();
	}
	return deleted;
}

export interface QueueProcess {
	name: string;
	port: number;
	process: StartedProcess;
	logFile: string;
}

export interface QueueClusterOptions {
	name?: string;
	workers?: number;
	/** Jobs each worker runs at once (default 5). */
	concurrency?: number;
	env?: Record<string, string | undefined>;
	log?: (line: string) => void;
}

export class N8nQueueCluster {
	private webhook: QueueProcess | undefined;
	private readonly workers: QueueProcess[] = [];
	private webhookPort = 0;
	private starts = 0;
	private closed = false;

	private constructor(
		readonly n8n: N8nInstance,
		readonly database: string,
		readonly redisPrefix: string,
		private readonly options: QueueClusterOptions,
		private readonly log: (line: string) => void,
	) {}

	/** Creates the database and the n8n user folder (with our package); nothing runs yet. */
	static async create(options: QueueClusterOptions = {}): Promise<N8nQueueCluster> {
		const log = options.log ?? ((line: string) => console.log(`[n8n queue] ${line}`));
		const suffix = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
		const database = `dasgateway_queue_${suffix}`;
		const redisPrefix = `dasgateway-queue-${suffix}`;
		await withPg(null, (client) => client.query(`CREATE DATABASE "${database}"`));
		const pg = new URL(PG_URL);
		const redis = new URL(REDIS_URL);
		try {
			const n8n = await N8nInstance.create({
				name: options.name ?? 'queue',
				log,
				env: {
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: pg.hostname,
					DB_POSTGRESDB_PORT: pg.port || '5432',
					DB_POSTGRESDB_USER: decodeURIComponent(pg.username || 'postgres'),
					DB_POSTGRESDB_PASSWORD: decodeURIComponent(pg.password),
					DB_POSTGRESDB_DATABASE: database,
					EXECUTIONS_MODE: 'queue',
					QUEUE_BULL_REDIS_HOST: redis.hostname,
					QUEUE_BULL_REDIS_PORT: redis.port || '6379',
					QUEUE_BULL_PREFIX: `${redisPrefix}-bull`,
					N8N_REDIS_KEY_PREFIX: `${redisPrefix}-n8n`,
					N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
					N8N_EVENTBUS_LOGWRITER_LOGBASENAME: 'n8nEventLog-main',
					...(options.env ?? {}),
				},
			});
			return new N8nQueueCluster(n8n, database, redisPrefix, options, log);
		} catch (error) {
			await withPg(null, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).catch(
				() => undefined,
			);
			throw error;
		}
	}

	get mainUrl(): string {
		return this.n8n.baseUrl;
	}

	get webhookUrl(): string {
		if (!this.webhook) throw new Error('the webhook process is not running');
		return `http://127.0.0.1:${this.webhook.port}`;
	}

	/** Starts main (it applies the migrations and registers the published webhooks), then the webhook process and the workers. */
	async start(): Promise<void> {
		await this.n8n.start();
		await Promise.all([
			this.startWebhook(),
			...Array.from({ length: this.options.workers ?? 2 }, (_, index) => this.startWorker(index + 1)),
		]);
	}

	/** A process of the cluster: its own ports, event log file name and log. */
	private async spawn(name: string, args: string[], readyLine: string, port: number): Promise<QueueProcess> {
		const logFile = join(this.n8n.logDir, `${String(++this.starts).padStart(2, '0')}-${name}.log`);
		const env = this.n8n.env({
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-${name}`,
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		});
		this.log(`starting n8n ${args.join(' ')} (${name}, port ${port}; log: ${logFile})`);
		const started = startProcess(process.execPath, [this.n8n.binPath, ...args], {
			cwd: this.n8n.userFolder,
			env,
			logFile,
		});
		try {
			await waitFor(
				`n8n ${name} to be ready`,
				async () => {
					if (started.hasExited()) throw new Error(`n8n ${name} exited (${await started.exited}) while starting`);
					return started.output().includes(readyLine) ? true : undefined;
				},
				{ timeoutMs: 3 * 60 * SECOND, intervalMs: 300 },
			);
		} catch (error) {
			await started.stop({ graceMs: 5 * SECOND });
			throw new Error(`${(error as Error).message}; log: ${logFile}\n${tail(started.output(), 30)}`);
		}
		return { name, port, process: started, logFile };
	}

	async startWebhook(): Promise<void> {
		if (this.webhook && !this.webhook.process.hasExited()) throw new Error('the webhook process is already running');
		this.webhookPort = this.webhookPort || (await freePort());
		this.webhook = await this.spawn('webhook', ['webhook'], 'Webhook listener waiting for requests.', this.webhookPort);
	}

	private async startWorker(index: number): Promise<void> {
		const worker = await this.spawn(
			`worker${index}`,
			['worker', `--concurrency=${this.options.concurrency ?? 5}`],
			'n8n worker is now ready',
			await freePort(),
		);
		this.workers.push(worker);
	}

	/** kill -9 of the webhook process's whole group, and waits until it is gone. */
	async killWebhook(): Promise<void> {
		const webhook = this.webhook;
		if (!webhook) return;
		signalGroup(webhook.process.pid, 'SIGKILL');
		await webhook.process.exited;
		this.webhook = undefined;
	}

	/** Log lines of every worker, for "which worker ran it". */
	workerLogs(): string[] {
		return this.workers.map((worker) => worker.process.output());
	}

	/** A query on the cluster's database. */
	async sql<R = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<R[]> {
		return withPg(this.database, async (client) => (await client.query<R>(text, values)).rows);
	}

	/** Stops every process, drops the database and deletes the Redis keys. Idempotent. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		const processes = [...this.workers, ...(this.webhook ? [this.webhook] : [])];
		await Promise.all(processes.map((entry) => entry.process.stop({ graceMs: 10 * SECOND })));
		await this.n8n.close();
		await withPg(null, (client) => client.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`)).catch(
			(error: Error) => this.log(`could not drop ${this.database}: ${error.message}`),
		);
		await deleteRedisKeys(this.redisPrefix).catch((error: Error) =>
			this.log(`could not delete Redis keys ${this.redisPrefix}*: ${error.message}`),
		);
	}
}
