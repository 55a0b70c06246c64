import type { FastifyInstance } from 'fastify';
import { Gauge, Registry } from 'prom-client';
import type { Db } from '../db/client';
import { RETRY_AFTER_SECONDS } from '../db/unavailable';
import { queueDepth } from '../modules/jobs/jobs.service';
import { processRegistry } from './metrics';
import { isPrivateAddress } from './private-address';
import { checkReadiness, type WarmUpStatus } from './readiness';

export interface OpsDeps {
  db: Db;
  dbKind: string;
  /** This process works the job queue: /readyz then includes it. */
  worksJobs: boolean;
  /** This process warms its connections at start: /readyz is not ready until that has ended. */
  warmUp?: WarmUpStatus;
}

/** How long a scrape waits for the queue depth before leaving it out (a scrape must stay fast). */
const DEPTH_TIMEOUT_MS = 1_000;

/** The job queue's depth as a gauge read at scrape time from the database this app serves. */
function queueDepthRegistry(db: Db): Registry {
  const registry = new Registry();
  const up = new Gauge({
    name: 'doorstep_job_queue_depth_up',
    help: '1 when the last scrape read the job queue depth, 0 when the database did not answer in time',
    registers: [registry],
  });
  new Gauge({
    name: 'doorstep_job_queue_depth',
    help: 'Jobs waiting (created, retry) or running (active) in each queue of the shared database',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      let timer: NodeJS.Timeout | undefined;
      try {
        const depth = await Promise.race([
          queueDepth(db),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('queue depth timed out')), DEPTH_TIMEOUT_MS);
          }),
        ]);
        for (const row of depth) this.set({ queue: row.queue, state: row.state }, row.n);
        up.set(1);
      } catch {
        up.set(0);
      } finally {
        clearTimeout(timer);
      }
    },
  });
  return registry;
}

/**
 * GET /healthz (liveness: the process serves; no database query, so a database outage does not get every instance
 * restarted), GET /readyz (readiness: readiness.ts; 503 with Retry-After naming what is not ready) and GET /metrics
 * (Prometheus text) for private callers only — judged by the client address, which is the socket's unless a
 * TRUST_PROXY proxy forwarded it; anyone else gets the 404 an unknown API path gets.
 */
export function registerOpsRoutes(app: FastifyInstance, deps: OpsDeps): void {
  app.get('/healthz', async () => ({ status: 'ok', database: deps.dbKind }));

  app.get('/readyz', async (req, reply) => {
    const { ready, notReady, checks, error } = await checkReadiness({
      db: deps.db,
      worksJobs: deps.worksJobs,
      warmUp: deps.warmUp,
    });
    if (ready) return { status: 'ready', database: deps.dbKind, checks };
    req.log.warn({ err: error, notReady, checks }, 'not ready');
    return reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .send({ status: 'not ready', database: deps.dbKind, notReady, checks });
  });

  const depth = queueDepthRegistry(deps.db);
  app.get('/metrics', async (req, reply) => {
    // Not the app shell a browser gets for unknown pages: a plain 404, whatever the caller accepts.
    if (!isPrivateAddress(req.ip)) return reply.code(404).send({ error: 'Not found' });
    const text = `${await processRegistry.metrics()}\n${await depth.metrics()}`;
    return reply.type(processRegistry.contentType).send(text);
  });
}
