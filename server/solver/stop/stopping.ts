/** A stopping rule: asked once in a while whether the search should end. */
export interface StoppingCriterion {
  /** Fraction of the budget used, in [0, 1]; drives the annealing temperature. */
  progress(iteration: number): number;
  done(iteration: number): boolean;
}

/** Stops when the given clock passes `limitMs` after construction started. */
export class TimeLimit implements StoppingCriterion {
  private readonly t0: number;
  constructor(
    private readonly clock: () => number,
    private readonly limitMs: number,
  ) {
    this.t0 = clock();
  }
  elapsed(): number {
    return this.clock() - this.t0;
  }
  progress(): number {
    return Math.min(1, this.elapsed() / Math.max(1, this.limitMs));
  }
  done(): boolean {
    return this.elapsed() >= this.limitMs;
  }
}

/** Stops after a fixed number of iterations — deterministic regardless of machine speed. */
export class IterationLimit implements StoppingCriterion {
  constructor(private readonly max: number) {}
  progress(iteration: number): number {
    return Math.min(1, iteration / Math.max(1, this.max));
  }
  done(iteration: number): boolean {
    return iteration >= this.max;
  }
}

/** Stops when any of its parts says so; progress is the furthest along. */
export class AnyOf implements StoppingCriterion {
  constructor(private readonly parts: StoppingCriterion[]) {}
  progress(iteration: number): number {
    let p = 0;
    for (const c of this.parts) p = Math.max(p, c.progress(iteration));
    return p;
  }
  done(iteration: number): boolean {
    return this.parts.some((c) => c.done(iteration));
  }
}

/**
 * The share [from, to) of a parent budget, for one of several searches run one after another: progress goes
 * 0 → 1 over that share (each search anneals over its own), and iterations count on from `offset`, the
 * iterations the earlier searches ran, so an iteration limit still bounds the whole solve.
 */
export class Slice implements StoppingCriterion {
  constructor(
    private readonly parent: StoppingCriterion,
    private readonly from: number,
    private readonly to: number,
    private readonly offset: number,
  ) {}
  progress(iteration: number): number {
    const p = this.parent.progress(this.offset + iteration);
    return Math.min(1, Math.max(0, (p - this.from) / Math.max(1e-9, this.to - this.from)));
  }
  done(iteration: number): boolean {
    return this.parent.done(this.offset + iteration) || this.parent.progress(this.offset + iteration) >= this.to;
  }
}
