import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Files are content-addressed under DATA_DIR/<folder>/<first two hex>/<sha256>: the same bytes are stored once,
 * and the name itself proves the content matches the hash recorded in the database. Answers the path relative
 * to DATA_DIR.
 */
export async function storeContentAddressed(
  dataDir: string,
  folder: 'attachments' | 'agent-photos',
  sha256: string,
  bytes: Buffer,
): Promise<string> {
  const rel = join(folder, sha256.slice(0, 2), sha256);
  const abs = resolve(dataDir, rel);
  if (!existsSync(abs)) {
    await mkdir(resolve(dataDir, folder, sha256.slice(0, 2)), { recursive: true });
    // Write then rename, so a crash never leaves a half-written file under the final name. Each write has its
    // own temporary name: two requests storing the same bytes at once (a retried upload still in flight) would
    // otherwise truncate each other's file and the second rename would find nothing to move.
    const tmp = `${abs}.${randomUUID()}.tmp`;
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, abs);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
  return rel;
}
