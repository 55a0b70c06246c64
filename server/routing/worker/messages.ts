import type { Problem, Progress, Solution, SolveOptions } from '../../solver/model/types';

/** Solve options that can cross a thread boundary (no functions). */
export type WorkerSolveOptions = Omit<SolveOptions, 'clock' | 'onProgress'> & {
  /** Minimum milliseconds between progress events. */
  progressEveryMs?: number;
};

/** What the runner posts to a worker for each solve. */
export interface WorkerInput {
  problem: Problem;
  options: WorkerSolveOptions;
  /** One Int32 of this solve: 1 = cancel requested. */
  cancel: SharedArrayBuffer;
}

/** Messages posted by the worker. */
export type WorkerMessage =
  | { type: 'progress'; progress: Progress }
  /**
   * `heapBytes`: the worker's used heap and array buffers once the solve ended (garbage included), to decide whether
   * to keep it.
   */
  | { type: 'done'; solution: Solution; heapBytes: number }
  | { type: 'error'; message: string };
