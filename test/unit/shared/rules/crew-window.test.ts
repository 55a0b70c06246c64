import { describe, expect, it } from 'vitest';
import { crewWindow } from '../../../../shared/rules/crew-window';

const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00Z`);

describe("a crew's common working window", () => {
  it('runs from the latest shift start to the earliest shift end', () => {
    const w = crewWindow({
      members: [
        { shiftStart: at('01:00'), shiftEnd: at('09:00') },
        { shiftStart: at('02:00'), shiftEnd: at('10:00') },
      ],
    });
    expect(w).toEqual({ start: at('02:00'), end: at('09:00') });
  });

  it('ignores members without a shift, and is open when nobody has one', () => {
    expect(
      crewWindow({
        members: [
          { shiftStart: null, shiftEnd: null },
          { shiftStart: at('03:00'), shiftEnd: null },
        ],
      }),
    ).toEqual({
      start: at('03:00'),
      end: null,
    });
    expect(crewWindow({ members: [] })).toEqual({ start: null, end: null });
  });
});
