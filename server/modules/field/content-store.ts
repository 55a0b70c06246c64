import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
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
    // Write then rename, so a crash never leaves a half-written file under the final name.
    const tmp = `${abs}.${process.pid}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, abs);
  }
  return rel;
}
