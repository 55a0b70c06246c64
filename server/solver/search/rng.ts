/** Seeded pseudo-random numbers (sfc32): the only randomness the solver uses. */
export class Rng {
  declare private a: number;
  declare private b: number;
  declare private c: number;
  declare private d: number;

  constructor(seed: number) {
    // Held as int32 (the same bits mod 2^32 as the unsigned constants, so the same stream): the fields then stay
    // small integers instead of starting as heap doubles.
    this.a = 0x9e3779b9 | 0;
    this.b = 0x243f6a88 | 0;
    this.c = 0xb7e15162 | 0;
    this.d = seed | 0;
    for (let i = 0; i < 15; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /**
   * True with probability p: exactly `next() < p` (u / 2^32 < p ⇔ u < p · 2^32), but it returns a boolean, so a
   * caller the compiler does not inline it into gets no boxed double per draw (a heap allocation each).
   */
  chance(p: number): boolean {
    return this.nextU32() < p * 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const k = this.int(i + 1);
      const tmp = xs[i] as T;
      xs[i] = xs[k] as T;
      xs[k] = tmp;
    }
    return xs;
  }
}
