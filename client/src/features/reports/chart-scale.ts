/** A value axis from 0: round tick steps (1, 2 or 5 × 10ⁿ, whole numbers for counts) and the axis end. */
interface ValueScale {
  ticks: number[];
  max: number;
}

/** Ticks from 0 to at least `maxValue`, about `target` of them, each a whole number when `integer`. */
export function valueScale(maxValue: number, target = 5, integer = true): ValueScale {
  const top = Math.max(maxValue, integer ? 1 : Number.EPSILON);
  const rough = top / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const step = integer ? Math.max(1, Math.round(nice)) : nice;
  const max = Math.ceil(top / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { ticks, max };
}

/** Evenly spaced bands for categories along `length`: each band's start and width. */
export function bands(count: number, length: number): { start: (i: number) => number; width: number } {
  const width = count > 0 ? length / count : length;
  return { start: (i) => i * width, width };
}

/** About how wide `text` is at 11 px: CJK characters are square, Latin ones a little over half as wide. */
export function labelWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 11 : 6.3;
  return Math.ceil(width);
}
