/**
 * The audit watch's window (server/modules/live/live.window.ts): a hole is read past but looked for again, its
 * row delivered when it comes, and the resume cursor stays below it until it is filled or cannot be any more.
 */
import { describe, expect, it } from 'vitest';
import { AuditWindow, GIVE_UP_ROUNDS } from '../../../server/modules/live/live.window';

const rows = (...ids: number[]) => ids.map((id) => ({ id }));
const snap = (xmin: number, xmax: number) => ({ xmin: BigInt(xmin), xmax: BigInt(xmax) });

describe('the audit watch window', () => {
  it('delivers past a hole, then the late row, and keeps the cursor below the hole meanwhile', () => {
    const w = new AuditWindow(10);
    expect(w.advance(rows(11, 13), [], snap(100, 105)).deliver.map((r) => r.id)).toEqual([11, 13]);
    expect(w.cursor).toBe(11);
    expect(w.missing).toEqual([12]);
    expect(w.advance(rows(14), rows(12), snap(101, 106)).deliver.map((r) => r.id)).toEqual([12, 14]);
    expect(w.cursor).toBe(14);
    expect(w.missing).toEqual([]);
  });

  it('gives a hole up once every transaction that could hold it has ended (a rolled-back id)', () => {
    const w = new AuditWindow(0);
    w.advance(rows(1, 3), [], snap(50, 60));
    // The round after: the horizon is this round's xmax; an older transaction still runs (xmin below it).
    w.advance([], [], snap(55, 70));
    expect(w.cursor).toBe(1);
    w.advance([], [], snap(69, 75));
    expect(w.cursor).toBe(1);
    // Every transaction below 70 has ended: the id will never be committed.
    w.advance([], [], snap(70, 80));
    expect(w.cursor).toBe(3);
  });

  it('gives a hole up after GIVE_UP_ROUNDS rounds of a transaction that never ends', () => {
    const w = new AuditWindow(0);
    w.advance(rows(2), [], snap(1, 9));
    let givenUp: number[] = [];
    for (let i = 0; i < GIVE_UP_ROUNDS && !givenUp.length; i++) givenUp = w.advance([], [], snap(1, 9)).givenUp;
    expect(givenUp).toEqual([1]);
    expect(w.cursor).toBe(2);
  });
});
