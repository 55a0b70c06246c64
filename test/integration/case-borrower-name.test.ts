import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { borrowers, cases } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { causes } from '../../server/db/pg-errors';
import { runImport } from '../../server/modules/intake/intake.service';
import { createCaller } from '../../server/trpc/root';
import { idCheckDigit } from '../../shared/validation/cn-id';
import { csvFile, csvText, goodRow, idNumberFor, intakeContext } from '../helpers/intake-files';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';

/**
 * The borrower's name each case carries (migration 0025: cases.borrower_name, what the worklist's text search reads)
 * against its borrower's, row by row; cases_borrower_name_fk holds them equal whatever writes them.
 */
async function expectNamesAsBorrowers(handle: DbHandle) {
  const [row] = await handle.db
    .select({
      cases: sql<number>`count(*)::int`,
      differing: sql<number>`(count(*) filter (where ${cases.borrowerName} is distinct from ${borrowers.fullName}))::int`,
    })
    .from(cases)
    .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId));
  expect(row?.differing).toBe(0);
  return row?.cases ?? 0;
}

const city = setUpDemoCity();
const dispatcher = () => createCaller(makeContext(city.handle, city.users.dispatcher));
let n = 0;
const idNo = (seq: number) => {
  const first17 = `31010419900101${String(seq).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
};
const handCase = (tag: string, borrowerName: string, idNumber: string) => ({
  idempotencyKey: `borrower-name-${tag}-${++n}-${Date.now()}`,
  teamId: city.teamId,
  loanRef: `NAME-${tag}`,
  product: '消费贷',
  overdueAmountCents: 500_000,
  daysPastDue: 30,
  borrowerName,
  idNumber,
  phone: '13800138000',
  preferredLanguage: 'zh-CN' as const,
  address: '漕溪北路88号',
  city: '上海市',
  district: '徐汇区',
  lat: 31.19,
  lng: 121.437,
});
const worklistRefs = async (q: string) =>
  (await dispatcher().appointments.worklist({ teamId: city.teamId, q, status: 'all' })).rows.map((r) => r.loanRef);

describe("a case's copy of its borrower's name", () => {
  it('the seed, a case by hand and an import store the borrower’s recorded name; the search finds it', async () => {
    expect(await expectNamesAsBorrowers(city.handle)).toBeGreaterThan(10);
    const first = await dispatcher().cases.create(handCase('A', '名字核对甲', idNo(771)));
    // The same ID number typed with another name: the borrower is reused as recorded, and so is the name.
    const second = await dispatcher().cases.create(handCase('B', '另一个名字', idNo(771)));
    expect(second.borrowerId).toBe(first.borrowerId);
    const [stored] = await city.handle.db
      .select({ name: cases.borrowerName })
      .from(cases)
      .where(eq(cases.id, second.id));
    expect(stored?.name).toBe('名字核对甲');
    expect((await worklistRefs('名字核对甲')).sort()).toEqual(['NAME-A', 'NAME-B']);
    expect(await worklistRefs('另一个名字')).toEqual([]);

    const imported = await runImport(intakeContext(city.handle), {
      teamId: city.teamId,
      channel: 'cli',
      file: csvFile(csvText([goodRow(7701, { borrower_name: '导入名字乙' }), goodRow(7702, { id_number: idNo(771) })])),
      dryRun: false,
      allOrNothing: false,
    });
    expect(imported.created).toBe(2);
    expect(await worklistRefs('导入名字乙')).toEqual(['IMP-007701']);
    // The second row's borrower is the one made by hand: the import's own name for them is not stored.
    expect((await worklistRefs('名字核对甲')).sort()).toEqual(['IMP-007702', 'NAME-A', 'NAME-B']);
    expect(idNumberFor(7701)).not.toBe(idNo(771));
    await expectNamesAsBorrowers(city.handle);
  });

  it('the database refuses a name that is not the borrower’s, and carries a renamed borrower over', async () => {
    const [c] = await city.handle.db
      .select({ id: cases.id, borrowerId: cases.borrowerId, name: cases.borrowerName })
      .from(cases)
      .limit(1);
    if (!c) throw new Error('no case in the demo city');
    const refused = await city.handle.db
      .update(cases)
      .set({ borrowerName: `${c.name} 改` })
      .where(eq(cases.id, c.id))
      .then(
        () => null,
        (err: unknown) => err,
      );
    // 23503 foreign_key_violation, on the composite key that ties the copy to the borrower.
    expect([...causes(refused)].find((e) => e.code === '23503')?.constraint).toBe('cases_borrower_name_fk');
    await city.handle.db.update(borrowers).set({ fullName: '改名后的借款人' }).where(eq(borrowers.id, c.borrowerId));
    const [after] = await city.handle.db.select({ name: cases.borrowerName }).from(cases).where(eq(cases.id, c.id));
    expect(after?.name).toBe('改名后的借款人');
    await city.handle.db.update(borrowers).set({ fullName: c.name }).where(eq(borrowers.id, c.borrowerId));
    await expectNamesAsBorrowers(city.handle);
  });
});
