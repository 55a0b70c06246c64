import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../../server/db/unavailable';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
// As Drizzle rethrows a driver error.
const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: '), { cause });

describe('a lost database, told apart from a failed query', () => {
  it('counts refused, dropped and timed-out connections and a server going down', () => {
    for (const err of [
      pgError('55000', 'database "doorstep" is not currently accepting connections'),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08006', 'connection failure'),
      pgError('53300', 'sorry, too many clients already'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })]),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      expect(isDatabaseUnavailable(err), err.message).toBe(true);
      expect(isDatabaseUnavailable(wrapped(err)), `wrapped: ${err.message}`).toBe(true);
    }
  });

  it('leaves errors of the statement itself alone (they stay 500 or their own domain error)', () => {
    for (const err of [
      pgError('23505', 'duplicate key value violates unique constraint "users_username_unique"'),
      pgError('22012', 'division by zero'),
      pgError('55000', 'currval of sequence "s" is not yet defined in this session'),
      pgError('57014', 'canceling statement due to statement timeout'),
      pgError('08P01', 'bind message has 4464 parameter formats but 0 parameters'),
      new Error('Something else'),
    ]) {
      expect(isDatabaseUnavailable(wrapped(err)), err.message).toBe(false);
    }
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
