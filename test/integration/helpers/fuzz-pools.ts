/**
 * The real values the fuzz test draws from: ids per entity (the callers' own team's rows first, then other
 * teams'), slot-link tokens, badge codes and loan references — read from the database and from answers.
 */
import { sql } from 'drizzle-orm';
import type { DbHandle } from '../../../server/db/client';
import { rows } from './calls';
import { entityOf, type PoolName, PoolPick } from './fuzz-values';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_POOL = 400;

async function column(handle: DbHandle, query: ReturnType<typeof sql>): Promise<string[]> {
  return (await rows<{ v: string }>(handle, query)).map((row) => String(row.v));
}

export class FuzzPools {
  private readonly pools = new Map<PoolName, string[]>();
  private readonly seen = new Set<string>();

  add(pool: PoolName, value: string): void {
    const key = `${pool}\u0001${value}`;
    if (this.seen.has(key)) return;
    const list = this.pools.get(pool) ?? [];
    if (list.length >= MAX_POOL) return;
    this.seen.add(key);
    list.push(value);
    this.pools.set(pool, list);
  }

  values(pool: PoolName): readonly string[] {
    return this.pools.get(pool) ?? [];
  }

  sizes(): Record<string, number> {
    return Object.fromEntries([...this.pools].map(([k, v]) => [k, v.length]));
  }

  /** Ids an answer carries go to the pool their key names ("runId" → run), tokens and badge codes to theirs. */
  harvest(value: unknown, key = ''): void {
    if (typeof value === 'string') {
      if (UUID.test(value)) {
        this.add('any', value);
        if (key.endsWith('Id')) this.add(entityOf(key), value);
      } else if (value.startsWith('/s/')) this.add('token', value.slice(3));
      else if (value.startsWith('/verify/')) this.add('badge', value.slice(8));
    } else if (Array.isArray(value)) {
      for (const v of value.slice(0, 50)) this.harvest(v, key);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) this.harvest(v, k);
    }
  }

  /** The input with every PoolPick replaced by its value (an entity pool not filled yet falls back to 'any'). */
  resolve(value: unknown): unknown {
    if (value instanceof PoolPick) {
      const list = this.pools.get(value.pool)?.length ? this.pools.get(value.pool) : this.pools.get('any');
      return list?.length ? list[value.index % list.length] : 'empty-pool';
    }
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        // defineProperty: an "__proto__" key stays a plain field, as it would arrive in JSON.
        Object.defineProperty(out, k, { value: this.resolve(v), enumerable: true });
      }
      return out;
    }
    return value;
  }

  /**
   * Reads ids from the database: the given team's rows first (what the demo dispatcher, manager and agent may
   * touch), then the other teams'. Called at the start and again now and then for rows the fuzz created.
   */
  async load(handle: DbHandle, teamId: string, today: string): Promise<void> {
    const own = (t: string) => sql.raw(`(${t}.team_id = '${teamId}') desc`);
    const queries: Array<[PoolName, ReturnType<typeof sql>]> = [
      ['team', sql`select id as v from teams order by id`],
      ['user', sql`select id as v from users order by id`],
      ['agent', sql`select id as v from agents a order by ${own('a')}, id limit 30`],
      ['crew', sql`select id as v from crews c order by ${own('c')}, (work_date = ${today}) desc, id limit 30`],
      ['visit', sql`select id as v from visits v order by ${own('v')}, (visit_date = ${today}) desc, id limit 60`],
      ['case', sql`select id as v from cases c order by ${own('c')}, id limit 40`],
      [
        'address',
        sql`select a.id as v from addresses a join cases c on c.borrower_id = a.borrower_id order by ${own('c')}, a.id limit 40`,
      ],
      [
        'appointment',
        sql`select a.id as v from appointments a join cases c on c.id = a.case_id order by ${own('c')}, a.created_at desc, a.id limit 40`,
      ],
      ['complaint', sql`select id as v from complaints c order by ${own('c')}, created_at desc, id limit 30`],
      ['attachment', sql`select id as v from attachments order by uploaded_at desc, id limit 20`],
      ['loanRef', sql`select loan_ref as v from cases c order by ${own('c')}, loan_ref limit 30`],
      ['serviceToken', sql`select id as v from service_tokens order by created_at desc, id limit 20`],
    ];
    for (const [pool, query] of queries) {
      for (const v of await column(handle, query)) {
        this.add(pool, v);
        if (pool !== 'loanRef') this.add('any', v);
      }
    }
  }
}
