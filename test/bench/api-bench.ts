/**
 * `npm run bench:api [-- --rates 50,100,200 --duration 20 --processes 1,2 --warmup 5 --agents 100 --only P,…
 * --each R --cpu-prof DIR --balancer tcp|http --no-live]` — the app under a lender's mixed load (issue #17): app processes on PostgreSQL (DATABASE_URL, or a
 * database of its own seeded with the lender preset) behind a round-robin balancer (by request; `--balancer tcp` by
 * connection, as nginx's stream module does, at less of the shared machine's CPU), every role signed in, and
 * autocannon driving boards, routes, the worklist search, the reports and a tenth of writes at each total rate,
 * every dispatcher's board holding its live stream open meanwhile, as a board does (`--no-live`: no streams).
 * Prints per procedure the rate asked and answered, p50/p95/p99 (ms, corrected for coordinated omission), errors
 * and requests left unanswered, then the app processes' memory and the CPU per answer of the app and of
 * PostgreSQL; `--each R` then runs each procedure alone at R requests/s for its own CPU per answer; `--cpu-prof DIR`
 * writes each app process's V8 CPU profile into DIR when it stops (open it in Chrome DevTools). It asserts
 * nothing: the numbers are the result, targets are shown beside them.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchDatabase } from './api/database';
import { prepareSources } from './api/fixtures';
import { runLevel } from './api/load';
import { meetsTarget, type ProcedureSummary, selectMix } from './api/mix';
import { type AppProcess, backendPids, cpuMeter, cpuSeconds, freePort, rssMb, settle, startApp } from './api/processes';
import { startBalancer, startTcpBalancer } from './balancer';

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
      only: { type: 'string' },
      each: { type: 'string', default: '0' },
      'cpu-prof': { type: 'string' },
      balancer: { type: 'string', default: 'http' },
      'no-live': { type: 'boolean', default: false },
    },
  });
  if (values.balancer !== 'tcp' && values.balancer !== 'http') {
    throw new Error(`--balancer takes tcp or http, got "${values.balancer}"`);
  }
  return {
    rates: list(values.rates, 'rates'),
    durationS: list(values.duration, 'duration')[0] as number,
    processes: list(values.processes, 'processes'),
    warmupS: Number(values.warmup),
    agents: list(values.agents, 'agents')[0] as number,
    mix: selectMix(values.only),
    /** Requests/s to run each procedure alone at after the mixed levels (0: not at all). */
    each: Number(values.each),
    cpuProfDir: values['cpu-prof'],
    /** tcp: connections in turn, bytes copied (nginx stream, HAProxy mode tcp); http: requests in turn, parsed. */
    balancer: values.balancer,
    /** Each dispatcher's board keeps its live stream open during the load (as the board does), unless --no-live. */
    live: !values['no-live'],
  };
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');

function table(rows: ProcedureSummary[]): string {
  const head =
    '| procedure | req/s asked | req/s answered | p50 ms | p95 ms | p99 ms | errors | unanswered | p95 target | met |';
  const lines = rows.map((r) => {
    const met = meetsTarget(r);
    return `| ${r.name} | ${r.targetRate} | ${r.achievedRate.toFixed(1)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} | ${r.unanswered} | ${r.targetP95Ms ?? '–'} | ${met === null ? '' : met ? 'yes' : 'no'} |`;
  });
  return [head, '|---|--:|--:|--:|--:|--:|--:|--:|--:|:-:|', ...lines].join('\n');
}

const perAnswer = (seconds: number, answers: number) => (answers ? ((1000 * seconds) / answers).toFixed(1) : '–');

/** One level of load with the processes' CPU over it and the machine's load before it. */
async function measure(apps: AppProcess[], base: string, databaseUrl: string, run: () => ReturnType<typeof runLevel>) {
  await settle(base);
  const meter = cpuMeter(
    apps.map((a) => a.pid),
    databaseUrl,
  );
  // The machine may be shared: its load before the level says how far the numbers are the app's own.
  const load = loadavg()[0] as number;
  await meter.start();
  // This process sends the load and runs the balancer: on a shared machine its CPU is not the app's to use.
  const own = process.cpuUsage();
  const result = await run();
  const ownUsage = process.cpuUsage(own);
  const cpu = { ...(await meter.stop()), benchSeconds: (ownUsage.user + ownUsage.system) / 1e6 };
  const answers = result.rows.reduce((s, r) => s + r.count, 0);
  return { ...result, cpu, load, answers };
}

async function runProcesses(count: number, databaseUrl: string, o: ReturnType<typeof options>) {
  const apps: AppProcess[] = [];
  const processes = `${count} process${count > 1 ? 'es' : ''}`;
  try {
    for (let i = 0; i < count; i++) {
      apps.push(
        await startApp({
          port: await freePort(),
          databaseUrl,
          sessionSecret: 'bench-api-session-secret-0001',
          cpuProfDir: o.cpuProfDir,
        }),
      );
    }
    // What the start cost before the first request (since session 32 the processes warm their connections first).
    const dbStart = (await backendPids(databaseUrl)).reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    console.log(
      `\nstarted ${processes}: ready ${apps.map((a) => `${((a.readyAfterMs ?? 0) / 1000).toFixed(1)} s`).join(', ')} ` +
        `after listening; CPU so far: app ${apps.map((a) => `${cpuSeconds(a.pid).toFixed(1)} s`).join(', ')}, ` +
        `PostgreSQL backends ${dbStart.toFixed(1)} s (load average ${(loadavg()[0] as number).toFixed(1)})`,
    );
    const upstreams = apps.map((a) => ({ host: '127.0.0.1', port: a.port }));
    const balancer = o.balancer === 'http' ? await startBalancer(upstreams) : await startTcpBalancer(upstreams);
    const base = `http://127.0.0.1:${balancer.port}`;
    try {
      const {
        sources,
        today,
        streams,
        counts: c,
      } = await prepareSources(base, databaseUrl, {
        agents: o.agents,
        streams: o.live,
      });
      console.log(
        `\n## ${processes} behind the ${o.balancer} balancer — day ${today}: ` +
          `${c.dispatchers} dispatchers, ${c.agents} agents with a route, ${c.readers} managers/admin signed in; ` +
          `${c.boardVisits} board visits to pin, ${c.trips} stops to set out for, ${c.cases} cases to note; ` +
          `${streams ? `${streams.count} boards' live streams open` : 'no live streams (--no-live)'}`,
      );
      if (o.warmupS > 0) await runLevel(base, sources, Math.min(...o.rates), o.warmupS, o.mix);
      for (const rate of o.rates) {
        const m = await measure(apps, base, databaseUrl, () => runLevel(base, sources, rate, o.durationS, o.mix));
        console.log(
          `\n### ${rate} requests/s mixed, ${o.durationS} s, ${processes} ` +
            `(load average ${m.load.toFixed(1)} on ${cpus().length} cores before)\n`,
        );
        console.log(table(m.rows));
        const rss = apps.map((a) => `${rssMb(a.pid).toFixed(0)} MB (peak ${rssMb(a.pid, 'VmHWM').toFixed(0)})`);
        console.log(
          `\napp RSS: ${rss.join(', ')}; answers ${m.answers} (${(m.answers / o.durationS).toFixed(1)}/s); ` +
            `CPU per answer: app ${perAnswer(m.cpu.appSeconds, m.answers)} ms, ` +
            `PostgreSQL ${perAnswer(m.cpu.dbSeconds, m.answers)} ms (load generator and balancer: ` +
            `${perAnswer(m.cpu.benchSeconds, m.answers)} ms)`,
        );
        for (const [name, s] of m.samples) if (s.length) console.log(`errors of ${name}: ${s.join(' | ')}`);
      }
      if (o.each) {
        // Each procedure alone: what one answer of it costs, without the others' queue in front of it.
        console.log(`\n### each procedure alone, ${o.each} requests/s, ${o.durationS} s, ${processes}\n`);
        console.log(
          '| procedure | req/s answered | p50 ms | p95 ms | errors | unanswered | app CPU ms/answer | PostgreSQL CPU ms/answer | load |',
        );
        console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|');
        const why: string[] = [];
        for (const entry of o.mix) {
          // On stderr, to match the window with the server log's statement durations (docs/scale.md, session 24).
          console.error(`each ${entry.name} from ${new Date().toISOString()}`);
          const m = await measure(apps, base, databaseUrl, () => runLevel(base, sources, o.each, o.durationS, [entry]));
          const r = m.rows[0] as ProcedureSummary;
          console.log(
            `| ${r.name} | ${r.achievedRate.toFixed(1)} | ${ms(r.p50)} | ${ms(r.p95)} | ${r.errors} | ${r.unanswered} | ` +
              `${perAnswer(m.cpu.appSeconds, m.answers)} | ${perAnswer(m.cpu.dbSeconds, m.answers)} | ${m.load.toFixed(1)} |`,
          );
          for (const [name, s] of m.samples) if (s.length) why.push(`errors of ${name}: ${s.join(' | ')}`);
        }
        if (why.length) console.log(`\n${why.join('\n')}`);
      }
      console.log(
        `\nbalancer split: ${balancer.counts().join(' / ')} ${o.balancer === 'http' ? 'requests' : 'connections'}` +
          (streams
            ? `; live events delivered to the boards: ${streams.events()}, streams ended early: ${streams.ended()}`
            : ''),
      );
      await streams?.close();
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
    `bench:api on ${new URL(databaseUrl).pathname.slice(1)} — mix: ${o.mix.map((e) => `${e.name} ${e.weight}`).join(', ')}`,
  );
  for (const count of o.processes) await runProcesses(count, databaseUrl, o);
}

await main();
