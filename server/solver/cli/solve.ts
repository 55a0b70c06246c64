import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { solve } from '../index';
import { parseSolomon, solomonToProblem } from '../io/solomon';

/** CLI: `npm run solve -- FILE.txt [--time-limit-ms N] [--seed S]`; prints only JSON on stdout. */
function main(argv: string[]): void {
  let file: string | undefined;
  let timeLimitMs = 1000;
  let seed = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--time-limit-ms') timeLimitMs = Number(argv[++i]);
    else if (a === '--seed') seed = Number(argv[++i]);
    else if (a && !a.startsWith('--')) file = a;
  }
  if (!file || !Number.isFinite(timeLimitMs) || !Number.isFinite(seed)) {
    process.stderr.write('usage: npm run solve -- FILE.txt [--time-limit-ms N] [--seed S]\n');
    process.exit(2);
  }
  const instance = parseSolomon(readFileSync(file, 'utf8'));
  const problem = solomonToProblem(instance);
  const t0 = performance.now();
  // Solomon scores pure distance, so no balance term.
  const sol = solve(problem, { seed, timeLimitMs, clock: () => performance.now(), balanceWeight: 0 });
  const routes = sol.routes.map((r) => r.stops.map((s) => Number(s.jobId)));
  const out = {
    routes,
    distance: sol.distance,
    vehicles: routes.length,
    elapsedMs: Math.round(performance.now() - t0),
  };
  if (sol.unassigned.length > 0) process.stderr.write(`unassigned: ${sol.unassigned.length}\n`);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main(process.argv.slice(2));
