import { Worker } from 'node:worker_threads';
import type { Problem, Progress, Solution } from '../../solver/model/types';
import type { WorkerInput, WorkerMessage, WorkerSolveOptions } from './messages';

export type { WorkerSolveOptions } from './messages';

/** A running solve: await `result`; `cancel()` stops early and still resolves with the best plan so far. */
export interface SolverRun {
  result: Promise<Solution>;
  cancel(): void;
}

const isTs = import.meta.url.endsWith('.ts');

/** Starts the solver in a worker thread, reporting progress through `onProgress`. */
export function startSolver(
  problem: Problem,
  options: WorkerSolveOptions,
  onProgress?: (p: Progress) => void,
): SolverRun {
  const cancelBuffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelBuffer);
  const input: WorkerInput = { problem, options, cancel: cancelBuffer };
  // From sources a small bootstrap registers tsx inside the worker; a build ships plain JS.
  const url = new URL(isTs ? './bootstrap.mjs' : './solver-worker.js', import.meta.url);
  const worker = new Worker(url, { workerData: input });
  const result = new Promise<Solution>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') {
        settled = true;
        resolve(m.solution);
        void worker.terminate();
      } else {
        settled = true;
        reject(new Error(`solver failed: ${m.message}`));
        void worker.terminate();
      }
    });
    worker.on('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`solver worker exited with code ${code}`));
    });
  });
  return {
    result,
    cancel: () => {
      Atomics.store(flag, 0, 1);
    },
  };
}
