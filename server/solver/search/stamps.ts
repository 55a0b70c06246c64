/** Where a module-level stamp starts again from 1 (kept inside the Int32 arrays the stamps are stored in). */
const STAMP_LIMIT = 0x3fffffff;

/**
 * The stamp after `stamp` for marks kept in `marks` (compared only within one call, so no set is allocated per
 * call). Before it would leave the Int32 range (a kept worker solves on for hours) the marks are cleared and the
 * stamps start again from 1.
 */
export function nextStamp(stamp: number, marks: Int32Array): number {
  if (stamp + 1 < STAMP_LIMIT) return stamp + 1;
  marks.fill(0);
  return 1;
}
