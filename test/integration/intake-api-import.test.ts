/**
 * The machine API's imports (issue #15), through the real HTTP app: the summary answered is the CLI's, a re-post
 * of the same file changes nothing, the run is recorded for the token and can be asked about later, the
 * Idempotency-Key answers a retry without a second run, and two posts of one file at once make no duplicates.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { idCheckDigit } from '../../shared/validation/cn-id';
import { setUpTokenFixture } from './helpers/token-fixture';

const fx = setUpTokenFixture({ http: true });
const HEADER =
  'loan_ref,borrower_name,id_number,phone,preferred_language,address,city,district,lat,lng,product,overdue_amount,days_past_due,status';
const idNumber = (n: number) => {
  const first17 = `11010519800101${String(100 + n)}`;
  return first17 + idCheckDigit(first17);
};
/** A file of good rows (no coordinates: they wait for a location), loan refs `${prefix}-1…n`. */
const csv = (prefix: string, n: number, amount = '1200.50') =>
  [
    HEADER,
    ...Array.from(
      { length: n },
      (_, i) =>
        `${prefix}-${i + 1},王${i},${idNumber(i)},1381234${String(5000 + i)},zh-CN,"世纪大道${i + 1}号",上海,浦东新区,,,消费贷,${amount},${30 + i},open`,
    ),
  ].join('\n');

let address = 0;
function post(token: string, body: string, opts: { query?: string; key?: string; name?: string } = {}) {
  return fx.app.inject({
    method: 'POST',
    url: `/api/v1/cases/import${opts.query ?? '?team=SH1&source=core-banking'}`,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'text/csv; charset=utf-8',
      'accept-language': 'en',
      ...(opts.key ? { 'idempotency-key': opts.key } : {}),
      ...(opts.name ? { 'x-file-name': opts.name } : {}),
    },
    payload: body,
    remoteAddress: `10.6.0.${++address & 255}`,
  });
}

const casesOf = (refs: string[]) =>
  fx.handle.db
    .select({ id: s.cases.id, loanRef: s.cases.loanRef })
    .from(s.cases)
    .where(and(eq(s.cases.teamId, fx.teams.sh1), inArray(s.cases.loanRef, refs)));
const runsOf = (sha: string) => fx.handle.db.select().from(s.importRuns).where(eq(s.importRuns.fileSha256, sha));

describe('POST /api/v1/cases/import: the import', () => {
  it('answers the summary, records the run for the token; the same file again is all unchanged', async () => {
    const { id: tokenId, token } = await fx.newToken();
    const file = csv('API', 3);
    const first = await post(token, file, { name: encodeURIComponent('逾期-2026-11-30.csv') });
    expect(first.statusCode).toBe(200);
    const summary = first.json();
    expect(summary).toMatchObject({ rows: 3, created: 3, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect(Object.keys(summary).sort()).toEqual(
      ['created', 'errors', 'needsLocation', 'rejected', 'rows', 'runId', 'unchanged', 'updated'].sort(),
    );
    expect(await casesOf(['API-1', 'API-2', 'API-3'])).toHaveLength(3);
    const [run] = await fx.handle.db.select().from(s.importRuns).where(eq(s.importRuns.id, summary.runId));
    expect(run).toMatchObject({
      channel: 'api',
      tokenId,
      actorUserId: null,
      fileName: '逾期-2026-11-30.csv',
      source: 'core-banking',
    });
    const audit = await fx.handle.db.select().from(s.auditLog).where(eq(s.auditLog.entityId, summary.runId));
    expect(audit.map((a) => a.action)).toEqual(['intake.import']);
    expect(audit[0]?.after).toMatchObject({ channel: 'api', tokenId });
    const [used] = await fx.handle.db.select().from(s.serviceTokens).where(eq(s.serviceTokens.id, tokenId));
    expect(used?.lastUsedAt).not.toBeNull();

    const again = await post(token, file);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(again.json().runId).not.toBe(summary.runId);

    // The run can be asked about later with a token of its team; a token of another team is told it is not there.
    const status = await fx.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${summary.runId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({
      runId: summary.runId,
      team: 'SH1',
      channel: 'api',
      status: 'done',
      dryRun: false,
      summary: { rows: 3, created: 3, rejected: 0 },
    });
    const other = await fx.newToken([fx.teams.bj2]);
    const hidden = await fx.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${summary.runId}`,
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(hidden.statusCode).toBe(404);
  });

  it('a dry run answers what would happen and writes no case', async () => {
    const { token } = await fx.newToken();
    const res = await post(token, csv('DRY', 2), { query: '?team=SH1&dryRun=true' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rows: 2, created: 2, rejected: 0 });
    expect(await casesOf(['DRY-1', 'DRY-2'])).toHaveLength(0);
  });

  it('400 with the parser’s code for a file that cannot be read', async () => {
    const { token } = await fx.newToken();
    const res = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/cases/import?team=SH1',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      payload: Buffer.from('this is not a zip archive'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('IMPORT_FILE_NOT_XLSX');
  });

  it('Idempotency-Key: the same file and query answer the first summary with no second run; another body is 409', async () => {
    const { token } = await fx.newToken();
    const file = csv('IDEM', 2);
    const first = await post(token, file, { key: 'nightly-2026-11-30' });
    expect(first.statusCode).toBe(200);
    const replay = await post(token, file, { key: 'nightly-2026-11-30' });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(first.json());
    const [run] = await fx.handle.db.select().from(s.importRuns).where(eq(s.importRuns.id, first.json().runId));
    expect(await runsOf(run?.fileSha256 ?? '')).toHaveLength(1);

    for (const changed of [
      { body: csv('IDEM', 2, '99.00'), query: undefined },
      { body: file, query: '?team=SH1&source=core-banking&dryRun=true' },
    ]) {
      const en = await post(token, changed.body, { key: 'nightly-2026-11-30', query: changed.query });
      expect(en.statusCode).toBe(409);
      expect(en.json().code).toBe('IDEMPOTENCY_KEY_BODY_CHANGED');
    }
    const zh = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/cases/import?team=SH1&source=core-banking',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'text/csv',
        'accept-language': 'zh-CN',
        'idempotency-key': 'nightly-2026-11-30',
      },
      payload: csv('IDEM', 2, '99.00'),
    });
    expect(zh.statusCode).toBe(409);
    expect(zh.json().message).toMatch(/[\u4e00-\u9fff]/);
    expect((await casesOf(['IDEM-1'])).length).toBe(1);
    // Another token may use the same key for its own request.
    const other = await fx.newToken();
    expect((await post(other.token, csv('IDEM', 2, '99.00'), { key: 'nightly-2026-11-30' })).statusCode).toBe(200);
  });

  it('two posts of the same file at once: no 500, no duplicate cases', async () => {
    const { token } = await fx.newToken();
    const file = csv('RACE', 4);
    const answers = await Promise.all([post(token, file), post(token, file), post(token, file)]);
    for (const a of answers) expect(a.statusCode).toBeLessThan(500);
    expect(answers.some((a) => a.statusCode === 200)).toBe(true);
    const made = await casesOf(['RACE-1', 'RACE-2', 'RACE-3', 'RACE-4']);
    expect(made).toHaveLength(4);
    expect(new Set(made.map((c) => c.loanRef)).size).toBe(4);
  });
});
