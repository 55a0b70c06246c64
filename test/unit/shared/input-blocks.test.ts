/**
 * Every text, date and number a procedure reads is an input block (shared/schemas/blocks.ts), so the rules on
 * what may reach the database — no NUL or lone surrogate, a length cap, a date that exists, an amount an int4
 * column holds — cannot be forgotten by a new procedure or field (issue #11, "make the classes impossible").
 */
import { initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appRouter } from '../../../server/trpc/root';
import { base64, cents, id, isoDate, pattern, text } from '../../../shared/schemas/common';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/schemas/field';
import { proceduresOf, rawLeaves, treeOf } from '../../helpers/input-schemas';

const offenders = (router: Parameters<typeof proceduresOf>[0]) =>
  proceduresOf(router).flatMap((p) => (p.input ? rawLeaves(treeOf(p.input)).map((leaf) => `${p.path} → ${leaf}`) : []));

describe('input schemas are built from the input blocks', () => {
  it('every leaf of every procedure input of the real router is a block', () => {
    const procs = proceduresOf(appRouter);
    expect(procs.length).toBeGreaterThan(50);
    expect(procs.filter((p) => p.input).length).toBeGreaterThan(40);
    expect(offenders(appRouter)).toEqual([]);
  });

  it('names the procedure and the path of a raw leaf, a changed block or an untyped field', () => {
    const t = initTRPC.create();
    const probe = t.router({
      good: t.procedure.input(z.object({ id, on: isoDate.optional(), amount: cents })).query(() => 1),
      rawString: t.procedure.input(z.object({ note: z.string().max(10) })).mutation(() => 1),
      nested: t.procedure
        .input(z.object({ plan: z.object({ items: z.array(z.object({ n: z.number() })) }) }))
        .mutation(() => 1),
      changedBlock: t.procedure.input(z.object({ name: text({ max: 20 }).min(3) })).query(() => 1),
      anything: t.procedure.input(z.object({ data: z.unknown() })).query(() => 1),
      uuidAsString: t.procedure.input(z.object({ visitId: z.uuid() })).query(() => 1),
      transformed: t.procedure
        .input(z.object({ ok: text({ max: 5 }).transform((v) => v.length), raw: z.string().transform(Number) }))
        .query(() => 1),
    });
    expect(offenders(probe).sort()).toEqual([
      'anything → data: unknown',
      'changedBlock → name: string',
      'nested → plan.items[].n: number',
      'rawString → note: string',
      'transformed → raw: string',
      'uuidAsString → visitId: string',
    ]);
  });

  it('the blocks refuse what the database cannot hold, with a code as the message', () => {
    const issue = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;
    expect(issue(text({ max: 10 }), 'a\u0000b')).toBe('TEXT_CONTROL_CHAR');
    expect(issue(text({ max: 10 }), 'ab\ud800')).toBe('TEXT_LONE_SURROGATE');
    expect(issue(text({ max: 10 }), 'x'.repeat(100_000))).toBe('TEXT_TOO_LONG');
    expect(issue(isoDate, '2026-02-30')).toBe('DATE_NOT_REAL');
    expect(issue(isoDate, '0000-01-01')).toBe('DATE_OUT_OF_RANGE');
    expect(issue(cents, 2_147_483_648)).toBe('AMOUNT_TOO_LARGE');
    expect(issue(cents, 1.5)).toBe('NUMBER_NOT_WHOLE');
    expect(issue(cents, Number.NaN)).toBe('NUMBER_EXPECTED');
    expect(issue(id, 'not-an-id')).toBe('ID_FORMAT');
    expect(text({ max: 10 }).parse('  ok 😀 ')).toBe('ok 😀');
    // A pattern whose class is negated still refuses what the database cannot hold, before its own message.
    const loose = pattern(/^https:\/\/[^\s<>]+$/, { max: 50, message: 'URL_FORMAT', example: 'https://a.cn' });
    expect(issue(loose, 'https://a.cn/\u0000x')).toBe('TEXT_CONTROL_CHAR');
    expect(issue(loose, 'https://a.cn/\ud800')).toBe('TEXT_LONE_SURROGATE');
    expect(issue(loose, 'http://a.cn')).toBe('URL_FORMAT');
    expect(loose.parse('https://a.cn/路径')).toBe('https://a.cn/路径');
  });

  it('checks a file of the largest size as base64 without running out of stack', () => {
    const block = base64(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4);
    const file = Buffer.alloc(MAX_ATTACHMENT_BYTES, 7).toString('base64');
    expect(block.safeParse(file).success).toBe(true);
    expect(block.safeParse(`${file.slice(0, -4)}@@@@`).error?.issues[0]?.message).toBe('BASE64_FORMAT');
    expect(block.safeParse(`${file.slice(0, 100)}=${file.slice(101)}`).error?.issues[0]?.message).toBe('BASE64_FORMAT');
    expect(block.safeParse('QUJD\n').error?.issues[0]?.message).toBe('BASE64_FORMAT');
    expect(block.safeParse('QUJ').error?.issues[0]?.message).toBe('BASE64_FORMAT');
    expect(block.safeParse('QQ==').success).toBe(true);
  });
});
