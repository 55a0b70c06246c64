/**
 * Whether an error means the database cannot be reached at all (down, restarting, refusing or dropping
 * connections) rather than that one query failed. Only the first is worth a "try again shortly": a broken
 * query fails the same way on every retry.
 */

import { causes } from './pg-errors';

/** How long a caller is asked to wait (Retry-After) when the database is unreachable: a restart or failover. */
export const RETRY_AFTER_SECONDS = 10;

// SQLSTATE classes and codes that are about the connection, not the statement: 08 connection exception,
// 53300 too many connections, 57P01–57P03 the server is shutting down, crashed or starting up. Not 08P01
// (protocol violation): PostgreSQL raises it for one statement it cannot bind — e.g. more than 65,535
// parameters — and the connection goes on; "try again shortly" would fail the same way every time.
const CONNECTION_SQLSTATES = /^(08(?!P01)...|53300|57P01|57P02|57P03)$/;
// Socket errors from Node's net/dns when the server cannot be reached.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);
// node-postgres's own errors for a connection that died or could not be made (they carry no code).
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  // 55000 is also raised by statements (e.g. currval before nextval); only this message is about connecting.
  /is not currently accepting connections/,
];

function isConnectionFailure(err: { code?: unknown; message?: unknown }): boolean {
  const code = typeof err.code === 'string' ? err.code : '';
  const message = typeof err.message === 'string' ? err.message : '';
  return CONNECTION_SQLSTATES.test(code) || NETWORK_CODES.has(code) || DRIVER_MESSAGES.some((m) => m.test(message));
}

/** True when the error, or any error it wraps (Drizzle wraps the driver's as `cause`), is a connection failure. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of causes(err)) {
    if (isConnectionFailure(e)) return true;
    // AggregateError: a connect to a host name tries each address it resolves to.
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}
