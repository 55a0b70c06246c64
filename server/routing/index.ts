/** Routing services around the pure solver: matrix providers and the worker-thread runner. */
export * from './matrix/index';
export {
  closeIdleSolvers,
  idleSolverCount,
  type SolverRun,
  setKeptSolverHeapLimit,
  startSolver,
  type WorkerSolveOptions,
} from './worker/run-solver';
