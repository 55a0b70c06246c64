/**
 * builtPerShape (server/db/named.ts): a statement is built once per shape and database handle, and a handle keeps a
 * bounded number of shapes, so that inputs varied on purpose cannot grow the process.
 */
import { describe, expect, it } from 'vitest';
import type { DbOrTx } from '../../../server/db/client';
import { builtPerShape } from '../../../server/db/named';

describe('builtPerShape', () => {
  const counting = () => {
    const builds: string[] = [];
    const get = builtPerShape(
      (s: { sort: string; n: number }) => `${s.sort}|${s.n}`,
      (_db, s) => {
        builds.push(`${s.sort}|${s.n}`);
        return { text: `${s.sort}|${s.n}` };
      },
    );
    return { builds, get };
  };

  it('builds a shape once per handle and hands the same statement back', () => {
    const { builds, get } = counting();
    const a = {} as DbOrTx;
    const b = {} as DbOrTx;
    const first = get(a, { sort: 'amount', n: 1 });
    expect(get(a, { sort: 'amount', n: 1 })).toBe(first);
    expect(get(a, { sort: 'amount', n: 2 })).not.toBe(first);
    expect(get(b, { sort: 'amount', n: 1 })).not.toBe(first);
    expect(builds).toEqual(['amount|1', 'amount|2', 'amount|1']);
  });

  it('keeps at most 128 shapes per handle: past that the oldest is built again when asked', () => {
    const { builds, get } = counting();
    const db = {} as DbOrTx;
    for (let n = 0; n < 129; n++) get(db, { sort: 'loanRef', n });
    expect(builds).toHaveLength(129);
    get(db, { sort: 'loanRef', n: 128 });
    get(db, { sort: 'loanRef', n: 1 });
    expect(builds).toHaveLength(129);
    expect(get(db, { sort: 'loanRef', n: 0 })).toEqual({ text: 'loanRef|0' });
    expect(builds.slice(129)).toEqual(['loanRef|0']);
  });
});
