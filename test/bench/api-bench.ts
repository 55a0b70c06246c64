/**
 * `npm run bench:api [-- --rates 50,100,200 --duration 20 --processes 1,2 --warmup 5 --agents 100]` — the app
 * under a lender's mixed load (issue #17): app processes on PostgreSQL (DATABASE_URL, or a database of its own
 * seeded with the lender preset) behind a round-robin balancer, every role signed in, and autocannon driving
 * boards, routes, the worklist search, the reports and a tenth of writes at each total rate. Prints per procedure
 * the rate asked and answered, p50/p95/p99 (ms, corrected for coordinated omission) and errors, then the app
 * processes' memory and the CPU per answer of the app and of PostgreSQL. It asserts nothing: the numbers are the
 * result, targets are shown beside them.
 */
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { benchDatabase } from './api/database';
import { prepareSources } from './api/fixtures';
import { runLevel } from './api/load';
import { MIX, meetsTarget, type ProcedureSummary } from './api/mix';
import { type AppProcess, cpuMeter, rssMb, startApp } from './api/processes';
import { startBalancer } from './balancer';

const list = (raw: string, name: string) =>
  raw.split(',').map((x) => {
    const n = Number(x.trim());
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name} takes whole numbers separated by commas, got "${raw}"`);
    return n;
  });

function options() {
  const { values } = parseArgs({
    options: {
      rates: { type: 'string', default: '50,100,200' },
      duration: { type: 'string', default: '20' },
      processes: { type: 'string', default: '1,2' },
      warmup: { type: 'string', default: '5' },
      agents: { type: 'string', default: '100' },
    },
  });
  return {
    rates: list(values.rates, 'rates'),
    durationS: list(values.duration, 'duration')[0] as number,
    processes: list(values.processes, 'processes'),
    warmupS: Number(values.warmup),
    agents: list(values.agents, 'agents')[0] as number,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');

function table(rows: ProcedureSummary[]): string {
  const head = '| procedure | req/s asked | req/s answered | p50 ms | p95 ms | p99 ms | errors | p95 target | met |';
  const lines = rows.map((r) => {
    const met = meetsTarget(r);
    return `| ${r.name} | ${r.targetRate} | ${r.achievedRate.toFixed(1)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} | ${r.targetP95Ms ?? '–'} | ${met === null ? '' : met ? 'yes' : 'no'} |`;
  });
  return [head, '|---|--:|--:|--:|--:|--:|--:|--:|:-:|', ...lines].join('\n');
}

async function runProcesses(count: number, databaseUrl: string, o: ReturnType<typeof options>) {
  const apps: AppProcess[] = [];
  try {
    for (let i = 0; i < count; i++) {
      apps.push(
        await startApp({ port: await freePort(), databaseUrl, sessionSecret: 'bench-api-session-secret-0001' }),
      );
    }
    const balancer = await startBalancer(apps.map((a) => ({ host: '127.0.0.1', port: a.port })));
    const base = `http://127.0.0.1:${balancer.port}`;
    try {
      const prepared = await prepareSources(base, databaseUrl, { agents: o.agents });
      const c = prepared.counts;
      console.log(
        `\n## ${count} app process${count > 1 ? 'es' : ''} behind the balancer — day ${prepared.today}: ` +
          `${c.dispatchers} dispatchers, ${c.agents} agents with a route, ${c.readers} managers/admin signed in; ` +
          `${c.boardVisits} board visits to pin, ${c.trips} stops to set out for, ${c.cases} cases to note`,
      );
      if (o.warmupS > 0) await runLevel(base, prepared.sources, Math.min(...o.rates), o.warmupS);
      for (const rate of o.rates) {
        const meter = cpuMeter(
          apps.map((a) => a.pid),
          databaseUrl,
        );
        await meter.start();
        const { rows, samples } = await runLevel(base, prepared.sources, rate, o.durationS);
        const cpu = await meter.stop();
        const answers = rows.reduce((s, r) => s + r.count, 0);
        console.log(`\n### ${rate} requests/s mixed, ${o.durationS} s, ${count} process${count > 1 ? 'es' : ''}\n`);
        console.log(table(rows));
        const rss = apps.map((a) => `${rssMb(a.pid).toFixed(0)} MB (peak ${rssMb(a.pid, 'VmHWM').toFixed(0)})`);
        console.log(
          `\napp RSS: ${rss.join(', ')}; answers ${answers} (${(answers / o.durationS).toFixed(1)}/s); CPU per answer: ` +
            `app ${((1000 * cpu.appSeconds) / answers).toFixed(1)} ms, PostgreSQL ${((1000 * cpu.dbSeconds) / answers).toFixed(1)} ms`,
        );
        for (const [name, s] of samples) if (s.length) console.log(`errors of ${name}: ${s.join(' | ')}`);
      }
      console.log(`\nbalancer split: ${balancer.counts().join(' / ')} requests`);
    } finally {
      await balancer.close();
    }
  } finally {
    for (const a of apps) await a.stop();
  }
}

async function main() {
  const o = options();
  const databaseUrl = await benchDatabase((line) => console.log(line));
  console.log(
    `bench:api on ${new URL(databaseUrl).pathname.slice(1)} — mix: ${MIX.map((e) => `${e.name} ${e.weight}`).join(', ')}`,
  );
  for (const count of o.processes) await runProcesses(count, databaseUrl, o);
}

await main();
