import { describe, expect, it } from 'vitest';
import { liveEventOf } from '../../../server/modules/live/live.bus';

const entry = (action: string, teamId: string | null = 'team-1') => ({
  teamId,
  action,
  entityType: 'visit',
  entityId: 'v-1',
  at: new Date('2026-12-01T08:00:00Z'),
});

describe('which audit entries a board hears', () => {
  it('a change of a team is an event of that team', () => {
    expect(liveEventOf(entry('visit.plan.assign'))).toEqual({
      teamId: 'team-1',
      action: 'visit.plan.assign',
      entityType: 'visit',
      entityId: 'v-1',
      at: '2026-12-01T08:00:00.000Z',
    });
  });

  it('an entry of no team, or one that records a read (a photo opened, an export taken), is none', () => {
    expect(liveEventOf(entry('user.create', null))).toBeNull();
    for (const read of ['attachment.view', 'attachment.download', 'report.export']) {
      expect(liveEventOf(entry(read)), read).toBeNull();
    }
  });
});
