/** Files for the parser's tests: a refusal's code and both its languages, and a ZIP archive that is not a workbook. */
import { crc32 } from 'node:zlib';
import { expect } from 'vitest';
import { AppError, type AppErrorCode, formatErrorMessage } from '../../../../shared/errors';

/** Expects `run` to be refused with `code`, its message translated (zh-CN differs from en, every value filled in). */
export async function expectRefused(run: () => Promise<unknown>, code: AppErrorCode): Promise<AppError> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const app = error as AppError;
  expect(app.code).toBe(code);
  const en = formatErrorMessage(code, 'en', app.details);
  const zh = formatErrorMessage(code, 'zh-CN', app.details);
  expect(zh).not.toBe(en);
  expect(zh).toMatch(/[\u4e00-\u9fff]/);
  for (const text of [en, zh]) expect(text).not.toMatch(/\{\w+\}/);
  return app;
}

/** A ZIP archive of one stored (uncompressed) file: a real archive, but no workbook in it. */
export function zipOf(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const crc = crc32(data);
  // A local header and a central directory entry share the "version, flags, method, time, CRC, sizes, name" run.
  const header = (signature: number, size: number, at: number) => {
    const b = Buffer.alloc(size);
    b.writeUInt32LE(signature, 0);
    b.writeUInt16LE(20, at - 10);
    b.writeUInt32LE(crc, at);
    b.writeUInt32LE(data.length, at + 4);
    b.writeUInt32LE(data.length, at + 8);
    b.writeUInt16LE(fileName.length, at + 12);
    return b;
  };
  const local = header(0x04034b50, 30, 14);
  const central = header(0x02014b50, 46, 16);
  central.writeUInt16LE(20, 4);
  const localSize = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(localSize, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}
