import { ROLES } from '@shared/domain/constants';
import { describe, expect, it } from 'vitest';
import { homePath, landingPath, mayOpen, pagesFor } from '../../../client/src/app/pages';

describe('role-based navigation', () => {
  it('shows each role only its pages', () => {
    expect(pagesFor('agent').map((p) => p.key)).toEqual(['myRoute']);
    expect(pagesFor('dispatcher').map((p) => p.key)).toEqual([
      'dispatch',
      'crews',
      'cases',
      'import',
      'roster',
      'locations',
      'outcomes',
    ]);
    expect(pagesFor('manager').map((p) => p.key)).toEqual(['dispatch', 'crews', 'cases', 'roster', 'outcomes']);
    expect(pagesFor('admin').map((p) => p.key)).toEqual([
      'dispatch',
      'crews',
      'cases',
      'import',
      'roster',
      'locations',
      'outcomes',
      'admin',
      'jobs',
    ]);
  });

  it('lands every role on a page it may open', () => {
    expect(ROLES.map(homePath)).toEqual(['/admin', '/dispatch', '/outcomes', '/my-route']);
    for (const role of ROLES) {
      expect(pagesFor(role).some((p) => p.path === homePath(role))).toBe(true);
    }
    expect(mayOpen('agent', 'admin')).toBe(false);
    expect(mayOpen('dispatcher', 'jobs')).toBe(false);
  });
});

describe('landing after sign-in', () => {
  it('returns to the requested page when the role may open it, else goes home', () => {
    expect(landingPath('manager', '/dispatch?team=t1&date=2026-11-29')).toBe('/dispatch?team=t1&date=2026-11-29');
    expect(landingPath('agent', '/admin')).toBe('/my-route');
    expect(landingPath('admin', undefined)).toBe('/admin');
    expect(landingPath('dispatcher', '/dispatcher-evil')).toBe('/dispatch');
  });
});
