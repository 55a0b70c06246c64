import type { Logger } from 'pino';
import type { Role } from '../../shared/domain/constants';
import type { Locale } from '../../shared/errors';
import type { Db } from '../db/client';
import type { Env } from '../env';
import type { Jobs } from '../modules/jobs/queue';

/** Who is calling, as resolved from the session cookie. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  locale: string | null;
  /** Teams the user may see; empty for admins, who see every team. */
  teamIds: string[];
  /** The agent record of a field agent, null for other roles. */
  agentId: string | null;
  /**
   * An admin chose this user's password (new account, reset): until they choose their own, only signing out
   * and changing it are allowed (trpc/init.ts, security/signed-in.ts). Absent means no.
   */
  mustChangePassword?: boolean;
  sessionTokenHash: string;
}

/** Cookie operations the HTTP layer provides; tests pass a recorder. */
interface CookieJar {
  set(name: string, value: string, maxAgeSeconds: number): void;
  clear(name: string): void;
}

export interface Context {
  db: Db;
  /** The reports' pool (DbHandle.reportsDb: its own connections on PostgreSQL, the one database on PGlite). */
  reportsDb: Db;
  env: Env;
  log: Logger;
  user: SessionUser | null;
  locale: Locale;
  ip: string;
  userAgent: string;
  cookies: CookieJar;
  /** Key for hashing session tokens (SESSION_SECRET or a generated one kept in the data dir). */
  sessionSecret: string;
  /** Injected clock so services and tests agree on "now". */
  now: () => Date;
  /** The job queue: a service sends a job with its transaction (outbox messages, planning runs). */
  jobs: Jobs;
  /** The origin the caller reached us at (https://host[:port]), for absolute links in borrower messages. */
  origin: string;
}

/** Narrowed context inside authed procedures. */
export type AuthedContext = Context & { user: SessionUser };
