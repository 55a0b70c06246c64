import type { DbHandle } from '../../../server/db/client';
import { exportFile } from '../../../server/modules/reports/reports.export';
import type { AuthedContext, SessionUser } from '../../../server/trpc/context';
import type { Locale } from '../../../shared/errors';
import { type ExportInput, exportInput } from '../../../shared/schemas/oversight';
import { makeContext } from './db';

/**
 * The file GET /reports/export streams for `user` (reports.http.ts only adds the session and the query string),
 * read to its end: the bytes, as text, and how many data rows a CSV has.
 */
export async function exportOf(
  handle: DbHandle,
  user: Omit<SessionUser, 'sessionTokenHash'>,
  input: Omit<ExportInput, 'sort' | 'desc'> & Partial<Pick<ExportInput, 'sort' | 'desc'>>,
  locale: Locale = 'en',
) {
  const ctx = makeContext(handle, user, { locale }) as AuthedContext;
  const file = await exportFile(ctx, exportInput.parse(input));
  const chunks: Buffer[] = [];
  for await (const chunk of file.body) chunks.push(Buffer.from(chunk));
  const buffer = Buffer.concat(chunks);
  const text = buffer.toString('utf8');
  const rows = input.format === 'csv' ? text.trim().split('\r\n').length - 1 : null;
  return { filename: file.filename, mimeType: file.mimeType, buffer, text, rows };
}
