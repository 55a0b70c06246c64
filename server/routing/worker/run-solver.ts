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

/**
 * Idle workers kept for later solves. A fresh worker compiles the solver while it solves: a 1 s solve makes
 * about a third fewer iterations in a fresh worker than in one that has solved before (docs/solver.md, session
 * 31). A process solves at most MAX_SOLVING_PER_PROCESS (planning.worker.ts, 2) problems at once, so two idle
 * workers serve every solve after the first ones. Each holds its memory while idle, so it ends after IDLE_MS, and a
 * worker whose heap and array buffers (the garbage of its solves included: an idle worker collects none; the typed
 * arrays of a 400-visit solve leave ≈ 6 MB) have grown past the kept heap limit ends instead of being kept: a
 * 2,000-visit solve's matrices alone exceed it, and a long solve loses little to compilation.
 */
const KEEP_IDLE = 2;
const IDLE_MS = 10 * 60_000;
let keepHeapBytes = 64 * 1024 * 1024;
const idle: Worker[] = [];
const idleTimers = new Map<Worker, NodeJS.Timeout>();

/** Idle solver workers of this process (kept for the next solve). */
export function idleSolverCount(): number {
  return idle.length;
}

/** Sets the heap size above which a worker is ended rather than kept (default 64 MiB); returns the previous one. */
export function setKeptSolverHeapLimit(bytes: number): number {
  const was = keepHeapBytes;
  keepHeapBytes = bytes;
  return was;
}

/** Ends the idle workers now (a process that stops solving, tests). */
export async function closeIdleSolvers(): Promise<void> {
  await Promise.all(idle.slice().map((w) => dropIdle(w)));
}

function dropIdle(w: Worker): Promise<number> {
  const k = idle.indexOf(w);
  if (k >= 0) idle.splice(k, 1);
  clearTimeout(idleTimers.get(w));
  idleTimers.delete(w);
  return w.terminate();
}

function takeWorker(): Worker {
  const kept = idle.pop();
  if (kept) {
    clearTimeout(idleTimers.get(kept));
    idleTimers.delete(kept);
    kept.ref();
    return kept;
  }
  // From sources a small bootstrap registers tsx inside the worker; a build ships plain JS.
  const w = new Worker(new URL(isTs ? './bootstrap.mjs' : './solver-worker.js', import.meta.url));
  // A worker that fails or exits while idle leaves the pool (a solve's own listeners report it during a solve).
  w.on('error', () => void dropIdle(w));
  w.on('exit', () => void dropIdle(w));
  return w;
}

function keepIdle(w: Worker, heapBytes: number): void {
  if (idle.length >= KEEP_IDLE || heapBytes > keepHeapBytes) {
    void w.terminate();
    return;
  }
  w.unref();
  const timer = setTimeout(() => void dropIdle(w), IDLE_MS);
  timer.unref();
  idleTimers.set(w, timer);
  idle.push(w);
}

/**
 * Starts the solver in a worker thread, reporting progress through `onProgress`. The worker is one kept from an
 * earlier solve when there is one; a solve that fails ends its worker.
 */
export function startSolver(
  problem: Problem,
  options: WorkerSolveOptions,
  onProgress?: (p: Progress) => void,
): SolverRun {
  const cancelBuffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelBuffer);
  const input: WorkerInput = { problem, options, cancel: cancelBuffer };
  const worker = takeWorker();
  const result = new Promise<Solution>((resolve, reject) => {
    const settle = (end: () => void) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      end();
    };
    const onMessage = (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done')
        settle(() => {
          keepIdle(worker, m.heapBytes);
          resolve(m.solution);
        });
      else
        settle(() => {
          void worker.terminate();
          reject(new Error(`solver failed: ${m.message}`));
        });
    };
    const onError = (e: Error) => settle(() => reject(e));
    const onExit = (code: number) => settle(() => reject(new Error(`solver worker exited with code ${code}`)));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(input);
  });
  return {
    result,
    cancel: () => {
      Atomics.store(flag, 0, 1);
    },
  };
}
