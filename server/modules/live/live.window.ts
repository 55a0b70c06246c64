/**
 * Where the audit-log watch stands, given that ids are not commit order. An id is taken when the row is written,
 * so a transaction that took id 7 can commit after one that took id 8 was read and delivered: "every id after 8"
 * would never show 7. (appendAudit serialises writers under the chain lock today, but a writer outside it —
 * a bulk import, a migration — or a later change to the lock would bring the race back; the watch does not
 * lean on it.)
 *
 * So the watch reads past a hole but remembers it: every id skipped between two rows it read is "missing" and
 * is looked for again on each round until it appears (delivered then, late) or is known never to come. It is
 * known never to come once every transaction that could still hold it has ended: the hole was seen after the
 * row above it committed, so the transaction holding the id had begun by then; from the next round on (when
 * it has surely been given its transaction id) its id is below that round's snapshot xmax, the horizon; once
 * a later snapshot's xmin is past the horizon, it has ended, and a row it committed would have been read.
 * An id rolled back or never used is a hole forever and resolves this way within a few rounds.
 *
 * `cursor` is what a client may resume from: every id up to it has been delivered or never will exist.
 */
export interface AuditRow {
  id: number;
}

/** Snapshot bounds as xid8 (bigint): `xmin` taken before the round's reads, `xmax` after them. */
export interface RoundSnapshot {
  xmin: bigint;
  xmax: bigint;
}

interface Hole {
  /** The round it was first seen in. */
  round: number;
  /** The xmax of the round after: every transaction that could hold the id is below it. */
  horizon: bigint | null;
}

/** A hole still open after this many rounds (a transaction open for minutes) is given up, with a warning. */
export const GIVE_UP_ROUNDS = 120;
/** At most this many holes are remembered (the oldest are given up first). */
const MAX_HOLES = 5000;

export class AuditWindow {
  private head: number;
  private round = 0;
  private readonly holes = new Map<number, Hole>();

  /** Starts reading after `head`: the rows up to it are history, not news. */
  constructor(head: number) {
    this.head = head;
  }

  /** The newest id read: the next round reads after it. */
  get readAfter(): number {
    return this.head;
  }

  /** The ids to look for again this round. */
  get missing(): number[] {
    return [...this.holes.keys()];
  }

  /** Every id up to this one has been delivered or will never exist. */
  get cursor(): number {
    let lowest = this.head + 1;
    for (const id of this.holes.keys()) if (id < lowest) lowest = id;
    return lowest - 1;
  }

  /**
   * One round: `fresh` are the rows after `readAfter` (ascending), `late` the rows found among `missing`, both
   * read between the snapshot bounds. Returns the rows to deliver, in id order, and the ids given up.
   */
  advance<R extends AuditRow>(fresh: R[], late: R[], snap: RoundSnapshot): { deliver: R[]; givenUp: number[] } {
    this.round++;
    for (const r of late) this.holes.delete(r.id);
    const givenUp: number[] = [];
    for (const [id, hole] of this.holes) {
      if (hole.horizon !== null && snap.xmin >= hole.horizon) this.holes.delete(id);
      else if (this.round - hole.round >= GIVE_UP_ROUNDS) {
        this.holes.delete(id);
        givenUp.push(id);
      } else if (hole.horizon === null && hole.round < this.round) hole.horizon = snap.xmax;
    }
    for (const r of fresh) {
      // A jump of the sequence by more than MAX_HOLES (a huge rolled-back import) is not kept id by id.
      for (let id = Math.max(this.head + 1, r.id - MAX_HOLES); id < r.id; id++) {
        this.holes.set(id, { round: this.round, horizon: null });
      }
      if (r.id > this.head) this.head = r.id;
    }
    if (this.holes.size > MAX_HOLES) {
      for (const id of [...this.holes.keys()].sort((a, b) => a - b).slice(0, this.holes.size - MAX_HOLES)) {
        this.holes.delete(id);
        givenUp.push(id);
      }
    }
    return { deliver: [...late, ...fresh].sort((a, b) => a.id - b.id), givenUp };
  }
}
