import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { solve } from '../../solver/index';
import type { WorkerInput, WorkerMessage } from './messages';

// Worker entry: the solver runs here so the API thread never blocks; it reads the real clock and the cancel flag
// on the solver's behalf. It solves each problem it is sent, one at a time, and stays alive between them: the
// runner (run-solver.ts) keeps idle workers for later solves, which then run on code already compiled.
const post = (m: WorkerMessage) => parentPort?.postMessage(m);

parentPort?.on('message', (input: WorkerInput) => {
  const cancel = new Int32Array(input.cancel);
  const every = input.options.progressEveryMs ?? 250;
  let lastPost = Number.NEGATIVE_INFINITY;
  try {
    const solution = solve(input.problem, {
      ...input.options,
      clock: () => performance.now(),
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastPost >= every) {
          lastPost = now;
          post({ type: 'progress', progress });
        }
        return Atomics.load(cancel, 0) === 1;
      },
    });
    const heap = getHeapStatistics();
    post({ type: 'done', solution, heapBytes: heap.used_heap_size + heap.external_memory });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
