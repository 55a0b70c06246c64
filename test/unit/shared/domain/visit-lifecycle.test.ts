import { describe, expect, it } from 'vitest';
import {
  AWAITING_ARRIVAL,
  canTransition,
  DONE,
  isIn,
  MADE,
  MOVABLE,
  OUTCOME_RECORDED,
  STARTED,
  UNDER_WAY,
  VISIT_STATUSES,
  VISIT_TRANSITIONS,
  type VisitStatus,
} from '../../../../shared/domain/visit-lifecycle';

const sorted = (xs: readonly string[]) => [...xs].sort();
const union = (...groups: ReadonlyArray<readonly string[]>) => sorted([...new Set(groups.flat())]);
const overlap = (a: readonly string[], b: readonly string[]) => a.filter((x) => b.includes(x));

describe('the visit lifecycle', () => {
  it('has a transition entry for every status, leading only to statuses', () => {
    expect(sorted(Object.keys(VISIT_TRANSITIONS))).toEqual(sorted(VISIT_STATUSES));
    for (const to of Object.values(VISIT_TRANSITIONS).flat()) expect(VISIT_STATUSES).toContain(to);
  });

  it('follows the field path one step at a time: on the way, at the door, outcome', () => {
    expect(canTransition('assigned', 'en_route')).toBe(true);
    expect(canTransition('en_route', 'on_site')).toBe(true);
    expect(canTransition('on_site', 'completed')).toBe(true);
    expect(canTransition('on_site', 'missed')).toBe(true);
    // No skipping: check-in needs "on my way" first, an outcome needs a check-in.
    expect(canTransition('assigned', 'on_site')).toBe(false);
    expect(canTransition('en_route', 'completed')).toBe(false);
    expect(canTransition('unassigned', 'en_route')).toBe(false);
    expect(canTransition('no_such_status', 'assigned')).toBe(false);
  });

  it('lets only a visit nobody set out for be placed, unassigned, cancelled or marked missed by the slot rule', () => {
    for (const s of VISIT_STATUSES) {
      const movable = isIn(MOVABLE, s);
      expect(canTransition(s, 'assigned'), s).toBe(s === 'unassigned');
      expect(canTransition(s, 'cancelled'), s).toBe(movable);
      expect(canTransition(s, 'unassigned'), s).toBe(s === 'assigned');
      expect(canTransition(s, 'missed'), s).toBe(movable || s === 'on_site');
    }
  });

  it('never leaves a done visit, and every status is reachable from the tray', () => {
    for (const s of DONE) expect(VISIT_TRANSITIONS[s]).toEqual([]);
    const seen = new Set<VisitStatus>(['unassigned']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const s of [...seen])
        for (const to of VISIT_TRANSITIONS[s])
          if (!seen.has(to)) {
            seen.add(to);
            grew = true;
          }
    }
    expect(sorted([...seen])).toEqual(sorted(VISIT_STATUSES));
  });

  it('names groups that split the statuses the way the planner and the board read them', () => {
    // Movable, started (under way or over) and cancelled: every visit is exactly one of them.
    expect(union(MOVABLE, STARTED, ['cancelled'])).toEqual(sorted(VISIT_STATUSES));
    expect(overlap(MOVABLE, STARTED)).toEqual([]);
    expect(union(UNDER_WAY, OUTCOME_RECORDED)).toEqual(sorted(STARTED));
    expect(overlap(UNDER_WAY, DONE)).toEqual([]);
    expect(union(MOVABLE, UNDER_WAY, DONE)).toEqual(sorted(VISIT_STATUSES));
    // At risk can only be what has not reached the door and is not over.
    expect(union(AWAITING_ARRIVAL, MADE, DONE)).toEqual(sorted(VISIT_STATUSES));
    expect(overlap(AWAITING_ARRIVAL, [...MADE, ...DONE])).toEqual([]);
    // A started visit can no longer be cancelled or sent back to the tray.
    for (const s of STARTED) {
      expect(canTransition(s, 'cancelled'), s).toBe(false);
      expect(canTransition(s, 'unassigned'), s).toBe(false);
    }
  });

  it('answers group membership for strings off the wire', () => {
    expect(isIn(UNDER_WAY, 'en_route')).toBe(true);
    expect(isIn(UNDER_WAY, 'assigned')).toBe(false);
    expect(isIn(DONE, 'whatever')).toBe(false);
  });
});
