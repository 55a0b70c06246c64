import { TRPCError } from '@trpc/server';
import type { DefaultErrorShape } from '@trpc/server/unstable-core-do-not-import';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Context } from '../../../server/trpc/context';
import { contextError, errorFormatter } from '../../../server/trpc/error-conversion';
import { AppError, type Locale } from '../../../shared/errors';

/** The formatter reads only the caller's language from the context. */
const format = (error: TRPCError, locale: Locale, input?: unknown) =>
  errorFormatter({
    shape: { message: error.message, code: -32600, data: { code: error.code, httpStatus: 400 } } as DefaultErrorShape,
    error,
    ctx: { locale } as Context,
    input,
  });

describe('an error names the language its message is written in', () => {
  it('a domain refusal: the message and its language travel together', () => {
    // As the procedures' middleware converts a thrown AppError, in the caller's language.
    const refused = (locale: Locale) => contextError(new AppError('INVALID_CREDENTIALS'), locale) as TRPCError;
    const zh = format(refused('zh-CN'), 'zh-CN');
    expect(zh.message).toBe('用户名或密码错误。');
    expect(zh.data.locale).toBe('zh-CN');
    const en = format(refused('en'), 'en');
    expect(en.message).toBe('Wrong username or password.');
    expect(en.data.locale).toBe('en');
  });

  it('an input refusal and a middleware code carry it too', () => {
    const parsed = z.object({ date: z.string().date() }).safeParse({ date: '2026-02-30' });
    if (parsed.success) throw new Error('2026-02-30 parsed');
    const invalid = new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error });
    const shape = format(invalid, 'zh-CN', { date: '2026-02-30' });
    expect(shape.data.appCode).toBe('VALIDATION');
    expect(Object.keys(shape.data.fieldErrors)).toContain('date');
    expect(shape.data.locale).toBe('zh-CN');
    expect(format(new TRPCError({ code: 'UNAUTHORIZED', message: 'UNAUTHENTICATED' }), 'en').data).toMatchObject({
      appCode: 'UNAUTHENTICATED',
      locale: 'en',
    });
  });
});
