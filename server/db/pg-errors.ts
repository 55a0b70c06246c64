/** The fields PostgreSQL errors carry (node-postgres and PGlite alike), as far as Doorstep reads them. */
interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
  detail?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** An error and every error it wraps: Drizzle wraps the driver's error as `cause`. */
export function* causes(err: unknown): Generator<PgErrorFields> {
  const seen = new Set<unknown>();
  for (let e = err; e && typeof e === 'object' && !seen.has(e); e = (e as PgErrorFields).cause) {
    seen.add(e);
    yield e as PgErrorFields;
  }
}

// 40P01 deadlock detected, 40001 serialization failure: PostgreSQL rolled the whole transaction back and says
// that running it again may succeed.
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

/** True when the database aborted a transaction only because it collided with another one. */
export function isTransactionCollision(err: unknown): boolean {
  for (const e of causes(err)) if (typeof e.code === 'string' && RETRYABLE_SQLSTATES.has(e.code)) return true;
  return false;
}

/** True when PostgreSQL cancelled a statement for running past its statement_timeout (57014; the reports' pool). */
export function isStatementTimeout(err: unknown): boolean {
  for (const e of causes(err)) if (e.code === '57014') return true;
  return false;
}
