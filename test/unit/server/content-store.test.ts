import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeContentAddressed } from '../../../server/modules/field/content-store';

describe('the content-addressed file store', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('stores the same bytes sent twice at once (a phone retrying an upload still in flight): both succeed, one whole file', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'doorstep-store-'));
    dirs.push(dataDir);
    // As large as an upload may be, so the two writes interleave.
    const bytes = Buffer.alloc(3_500_000, 7);
    bytes.write('same file, two requests');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const paths = await Promise.all(
      Array.from({ length: 4 }, () => storeContentAddressed(dataDir, 'attachments', sha256, bytes)),
    );
    expect(new Set(paths)).toEqual(new Set([join('attachments', sha256.slice(0, 2), sha256)]));
    const stored = await readFile(join(dataDir, paths[0] as string));
    expect(createHash('sha256').update(stored).digest('hex')).toBe(sha256);
    // No temporary file is left beside it.
    expect(await readdir(join(dataDir, 'attachments', sha256.slice(0, 2)))).toEqual([sha256]);
  });
});
