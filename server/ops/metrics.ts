/**
 * The process's Prometheus metrics (served at /metrics, ops.http.ts): request latency by tRPC procedure and by HTTP
 * route, auto-plan runs solved here, and Node's process metrics. One registry per process — what a scrape of this
 * instance reports; the job queue's depth, a fact of the shared database, is read at scrape time (ops.http.ts).
 * Every label takes a bounded set of values (procedure paths of the router, registered routes, status classes),
 * never a URL, id or user.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

// Seconds; most reads answer in milliseconds, reports and planning starts in hundreds.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** "2xx" … "5xx": the answer's kind without one series per status code. */
export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

/** A request-latency histogram of this process, labelled by `labels` and the status class. */
function latencyHistogram<L extends string>(name: string, help: string, labels: readonly L[]) {
  return new Histogram({
    name,
    help,
    labelNames: [...labels, 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [processRegistry],
  });
}

const procedureSeconds = latencyHistogram(
  'doorstep_trpc_procedure_duration_seconds',
  'Time to answer one tRPC procedure call (each call of a batch counts once), by procedure, type and status class',
  ['procedure', 'type'],
);
const httpSeconds = latencyHistogram(
  'doorstep_http_request_duration_seconds',
  'Time to answer an HTTP request, by method, route pattern and status class',
  ['method', 'route'],
);

/** A counter of this process's auto-plan runs. */
const planCounter = (name: string, help: string) => new Counter({ name, help, registers: [processRegistry] });

const planStarted = planCounter('doorstep_plan_runs_started_total', 'Auto-plan runs this process started solving');
const planFinished = planCounter('doorstep_plan_runs_finished_total', 'Auto-plan runs this process solved to a plan');
const planFailed = planCounter(
  'doorstep_plan_runs_failed_total',
  'Auto-plan runs that failed while this process solved them',
);
const planSeconds = new Histogram({
  name: 'doorstep_plan_run_duration_seconds',
  help: 'Wall time of an auto-plan solve in this process, by how it ended',
  labelNames: ['state'] as const,
  buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120],
  registers: [processRegistry],
});

/** Records one tRPC procedure call. */
export function observeProcedure(procedure: string, type: string, httpStatus: number, seconds: number): void {
  procedureSeconds.observe({ procedure, type, status: statusClass(httpStatus) }, seconds);
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Records one HTTP request; `route` is the matched route pattern, undefined when none matched. */
export function observeHttp(method: string, route: string | undefined, httpStatus: number, seconds: number): void {
  httpSeconds.observe(
    { method: METHODS.has(method) ? method : 'other', route: route ?? 'unmatched', status: statusClass(httpStatus) },
    seconds,
  );
}

/** An auto-plan solve starting in this process; call the returned function with how it ended. */
export function planRunStarted(): (state: 'done' | 'failed') => void {
  planStarted.inc();
  const stop = planSeconds.startTimer();
  return (state) => {
    (state === 'done' ? planFinished : planFailed).inc();
    stop({ state });
  };
}
