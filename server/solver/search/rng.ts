/**
 * One sfc32 step on a generator state (a, b, c, d as int32): advances it and returns the next unsigned 32-bit value.
 * `Rng.nextU32` is this on the rng's own state.
 */
export function sfc32(s: Int32Array): number {
  const a = s[0]!;
  const b = s[1]!;
  const c = s[2]!;
  const d = s[3]!;
  const t = (((a + b) | 0) + d) | 0;
  s[3] = (d + 1) | 0;
  s[0] = b ^ (b >>> 9);
  s[1] = (c + (c << 3)) | 0;
  s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
  return t >>> 0;
}

/** Seeded pseudo-random numbers (sfc32): the only randomness the solver uses. */
export class Rng {
  /**
   * The generator's state (a, b, c, d) as int32 — the same bits mod 2^32 as the unsigned constants, so the same
   * stream. An Int32Array rather than fields: values beyond the small-integer range would be heap numbers in fields,
   * and the insertion scan steps this state itself (`sfc32`) without a method call.
   */
  declare readonly state: Int32Array;

  constructor(seed: number) {
    this.state = Int32Array.of(0x9e3779b9 | 0, 0x243f6a88 | 0, 0xb7e15162 | 0, seed | 0);
    for (let i = 0; i < 15; i++) this.nextU32();
  }

  nextU32(): number {
    return sfc32(this.state);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
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
