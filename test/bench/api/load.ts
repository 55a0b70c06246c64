/**
 * One level of the mixed load: every procedure of the mix at its share of the total rate, all at once, for the
 * same duration. Each share runs as a few autocannon instances started at even offsets within the second:
 * autocannon paces each connection per whole second, and one instance per share would send the whole second's
 * requests in one burst at its start, measuring the burst rather than the rate.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { RequestSpec, Source } from './fixtures';
import { connectionsFor, MIX, type MixEntry, type ProcedureSummary, splitRate, summarise } from './mix';

/** Instances per share, and so bursts per second; a share of fewer requests/s has one per request. */
const PHASES = 10;

/** `rate` whole requests/s in at most `phases` parts as even as whole numbers allow. */
export function phaseRates(rate: number, phases = PHASES): number[] {
  const n = Math.min(rate, phases);
  return Array.from({ length: n }, (_, i) => Math.floor(rate / n) + (i < rate % n ? 1 : 0));
}

interface Measured {
  latencies: number[];
  errors: number;
  /** Requests sent and not yet answered, with when they were sent. */
  waiting: Map<RequestSpec, number>;
  /** How long each request still unanswered when its own instance stopped had waited by then. */
  unanswered: number[];
  /** A few answers that were errors, to say why. */
  samples: string[];
}

function runInstance(base: string, source: Source, rate: number, durationS: number, into: Measured) {
  const connections = connectionsFor(rate);
  const mine = new Set<RequestSpec>();
  let finished: (err: Error | null) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    finished = (err) => {
      // The instances of a share start up to a second apart: a request this one left waiting has waited until
      // this one stopped, not until the last instance of the level did.
      const stoppedAt = performance.now();
      for (const spec of mine) {
        const sentAt = into.waiting.get(spec);
        if (sentAt === undefined) continue;
        into.unanswered.push(stoppedAt - sentAt);
        into.waiting.delete(spec);
      }
      if (err) reject(err);
      else resolve();
    };
  });
  const options: autocannon.Options = {
    url: base,
    connections,
    overallRate: rate,
    duration: durationS,
    timeout: 30,
    requests: [
      {
        setupRequest: (req, context) => {
          // Autocannon builds a connection's next request only when it sends it: this is the moment it leaves.
          const spec = source();
          into.waiting.set(spec, performance.now());
          mine.add(spec);
          // One request in flight per connection: its answer belongs to the spec kept here.
          (context as { spec?: RequestSpec }).spec = spec;
          return { ...req, method: spec.method, path: spec.path, headers: spec.headers, body: spec.body };
        },
        onResponse: (status, body, context) => {
          const spec = (context as { spec?: RequestSpec }).spec;
          if (spec) {
            into.waiting.delete(spec);
            mine.delete(spec);
          }
          spec?.done?.(status, body);
          if (status >= 400 && into.samples.length < 3) into.samples.push(`${status} ${body.slice(0, 240)}`);
        },
      },
    ],
  };
  const instance = autocannon(options, (err) => finished(err));
  instance.on('response', (_client, status, _bytes, ms) => {
    into.latencies.push(ms);
    if (status >= 400) into.errors++;
  });
  instance.on('reqError', (err) => {
    into.errors++;
    if (into.samples.length < 3) into.samples.push(`request error: ${(err as Error).message}`);
  });
  return done;
}

/** Drives the mix at `total` requests/s for `durationS` seconds against `base`; one summary per procedure. */
export async function runLevel(
  base: string,
  sources: Record<string, Source>,
  total: number,
  durationS: number,
  mix: readonly MixEntry[] = MIX,
): Promise<{ rows: ProcedureSummary[]; samples: Map<string, string[]> }> {
  const shares = splitRate(total, mix);
  const measured = new Map<string, Measured>(
    mix.map((e) => [e.name, { latencies: [], errors: 0, waiting: new Map(), unanswered: [], samples: [] }]),
  );
  const runs: Promise<unknown>[] = [];
  const connections = new Map<string, number>();
  for (const entry of mix) {
    const source = sources[entry.name];
    if (!source) throw new Error(`no requests prepared for ${entry.name}`);
    const parts = phaseRates(shares.get(entry.name) as number);
    connections.set(
      entry.name,
      parts.reduce((s, r) => s + connectionsFor(r), 0),
    );
    parts.forEach((rate, i) => {
      const offsetMs = (1000 * i) / parts.length;
      runs.push(
        new Promise((resolve) => setTimeout(resolve, offsetMs)).then(() =>
          runInstance(base, source, rate, durationS, measured.get(entry.name) as Measured),
        ),
      );
    });
  }
  await Promise.all(runs);
  const rows = mix.map((entry) => {
    const m = measured.get(entry.name) as Measured;
    return summarise(entry, {
      targetRate: shares.get(entry.name) as number,
      connections: connections.get(entry.name) as number,
      durationS,
      latencies: m.latencies,
      errors: m.errors,
      unanswered: m.unanswered,
    });
  });
  return { rows, samples: new Map([...measured].map(([name, m]) => [name, m.samples])) };
}
