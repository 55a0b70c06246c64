import type { Role } from '@shared/domain/constants';

/** The pages of the app shell and the roles that may open them (the server enforces the same per procedure). */
export const PAGES = [
  { key: 'dispatch', path: '/dispatch', roles: ['dispatcher', 'manager', 'admin'] },
  { key: 'crews', path: '/crews', roles: ['dispatcher', 'manager', 'admin'] },
  { key: 'cases', path: '/cases', roles: ['dispatcher', 'manager', 'admin'] },
  { key: 'import', path: '/import', roles: ['dispatcher', 'admin'] },
  { key: 'roster', path: '/roster', roles: ['dispatcher', 'manager', 'admin'] },
  { key: 'locations', path: '/locations', roles: ['dispatcher', 'admin'] },
  { key: 'myRoute', path: '/my-route', roles: ['agent'] },
  { key: 'outcomes', path: '/outcomes', roles: ['dispatcher', 'manager', 'admin'] },
  { key: 'admin', path: '/admin', roles: ['admin'] },
  { key: 'jobs', path: '/jobs', roles: ['admin'] },
] as const satisfies readonly { key: string; path: string; roles: readonly Role[] }[];

export type PageKey = (typeof PAGES)[number]['key'];

const HOME: Record<Role, string> = {
  agent: '/my-route',
  dispatcher: '/dispatch',
  manager: '/outcomes',
  admin: '/admin',
};

/** Where a role lands after sign-in. */
export function homePath(role: Role): string {
  return HOME[role];
}

/** The pages a role sees in the navigation, in order. */
export function pagesFor(role: Role) {
  return PAGES.filter((p) => (p.roles as readonly Role[]).includes(role));
}

/** Whether a role may open a page. */
export function mayOpen(role: Role, key: PageKey): boolean {
  return pagesFor(role).some((p) => p.key === key);
}

/** Where to go after sign-in: the page the visitor asked for if the role may open it, else the role's home. */
export function landingPath(role: Role, requested: string | undefined): string {
  if (!requested) return homePath(role);
  const path = requested.split(/[?#]/)[0];
  const allowed = pagesFor(role).some((p) => path === p.path || path?.startsWith(`${p.path}/`));
  return allowed ? requested : homePath(role);
}
