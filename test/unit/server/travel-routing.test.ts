import { describe, expect, it } from 'vitest';
import { routingOf } from '../../../server/modules/travel/travel.service';

describe('which routing a deployment uses', () => {
  it('ROUTING decides; unset, OSRM only when OSRM_URL is set', () => {
    expect(routingOf({})).toBe('straight-line');
    expect(routingOf({ OSRM_URL: 'http://osrm.test' })).toBe('osrm');
    expect(routingOf({ ROUTING: 'straight-line', OSRM_URL: 'http://osrm.test' })).toBe('straight-line');
    expect(routingOf({ ROUTING: 'pgrouting' })).toBe('pgrouting');
  });
});
