/** The demo logins `npm start` seeds and prints (one per role). Fake data only. */
export const DEMO_PASSWORD = 'doorstep-demo';
export const DEMO_USERS = {
  admin: 'admin',
  dispatcher: 'dispatcher',
  manager: 'manager',
  agent: 'agent',
} as const;
