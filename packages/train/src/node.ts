// Node-only entry (`@aecnn/train/node`): checkpoints on disk.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { CheckpointStore } from './checkpoint';

/**
 * A checkpoint store backed by one file. `save` writes `<file>.tmp-<random>`, flushes it to disk and renames it
 * over `<file>`, so a crash at any moment leaves either the previous or the new checkpoint, never a torn one.
 */
export function fileStore(file: string): CheckpointStore & { readonly file: string } {
  if (typeof file !== 'string' || file.length === 0) {
    throw new Error(`fileStore: expected a file path, got ${JSON.stringify(file)}`);
  }
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const base = path.basename(abs);
  return {
    file: abs,
    description: abs,
    async save(bytes) {
      await mkdir(dir, { recursive: true });
      const tmp = `${abs}.tmp-${randomBytes(4).toString('hex')}`;
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, abs);
      // Flush the directory entry too, so the rename itself survives a power cut (not possible on Windows).
      try {
        const dh = await open(dir, 'r');
        await dh.sync().finally(() => dh.close());
      } catch {}
    },
    async load() {
      // Temporary files left by a crash mid-save are garbage: the real file is still the last good one.
      const stale = (await readdir(dir).catch(() => [] as string[])).filter((f) =>
        f.startsWith(`${base}.tmp-`),
      );
      await Promise.all(stale.map((f) => rm(path.join(dir, f), { force: true })));
      try {
        return new Uint8Array(await readFile(abs));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
  };
}
