// Memory benchmark (not a test): bytes each stored image costs, for the embedded digits and a 60,000-image IDX
// file loaded whole, and the live memory while streaming that file in chunks. Each case runs in a fresh Node
// process, so garbage from setting up one case cannot blur another. Run: pnpm --filter @aecnn/data bench
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadIdx, mnist, streamIdx, writeIdx } from '@aecnn/data/node';

const N = 60_000;
const IMAGES = 'train-images-idx3-ubyte.gz';
const LABELS = 'train-labels-idx1-ubyte.gz';

if (typeof globalThis.gc !== 'function') throw new Error('bench-memory: run with node --expose-gc');

/** Live bytes (JS heap + ArrayBuffers) after collecting; backing stores are freed by a background task. */
async function live() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const cases = {
  async mnist() {
    await mnist(); // loads the 2.1 MB embedded module once per process; measure what each further copy costs
    const before = await live();
    const t = performance.now();
    const { train, test } = await mnist();
    const ms = performance.now() - t;
    const bytes = (await live()) - before;
    const n = train.size + test.size;
    return {
      n,
      ms,
      declared: train.storageBytes + train.viewBytes + test.viewBytes,
      measured: bytes,
      keep: [train, test],
    };
  },
  async loadIdx(dir) {
    const before = await live();
    const t = performance.now();
    const ds = await loadIdx({ images: join(dir, IMAGES), labels: join(dir, LABELS) });
    const ms = performance.now() - t;
    const bytes = (await live()) - before;
    return { n: ds.size, ms, declared: ds.storageBytes + ds.viewBytes, measured: bytes, keep: ds };
  },
  async streamIdx(dir) {
    const before = await live();
    let peak = 0;
    let n = 0;
    const t = performance.now();
    for await (const chunk of streamIdx(join(dir, IMAGES), { itemsPerChunk: 1000 })) {
      n += chunk.count;
      if (chunk.start % 10_000 === 0) peak = Math.max(peak, (await live()) - before);
    }
    return { n, ms: performance.now() - t, declared: 1000 * 784, measured: peak };
  },
};

const [, , which, dir] = process.argv;
if (which) {
  const r = await cases[which](dir);
  console.log(JSON.stringify({ n: r.n, ms: r.ms, declared: r.declared, measured: r.measured }));
} else {
  const tmp = mkdtempSync(join(tmpdir(), 'aecnn-data-bench-'));
  try {
    const images = new Uint8Array(N * 784);
    for (let i = 0; i < images.length; i++) images[i] = (i * 2654435761) >>> 24 < 40 ? 255 : 0;
    await writeIdx(join(tmp, IMAGES), { shape: [N, 28, 28], data: images });
    await writeIdx(join(tmp, LABELS), { shape: [N], data: Uint8Array.from({ length: N }, (_, i) => i % 10) });
    const run = (name) =>
      JSON.parse(
        execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), name, tmp], {
          encoding: 'utf8',
        })
          .trim()
          .split('\n')
          .pop(),
      );
    const per = (bytes, n) => (bytes / n).toFixed(1);
    const m = run('mnist');
    const l = run('loadIdx');
    const s = run('streamIdx');
    console.table([
      {
        case: 'mnist(): 10,000 digits, train + test views',
        ms: m.ms.toFixed(0),
        'declared B/image': per(m.declared, m.n),
        'measured B/image': per(m.measured, m.n),
      },
      {
        case: 'loadIdx: 60,000 gzipped images + labels',
        ms: l.ms.toFixed(0),
        'declared B/image': per(l.declared, l.n),
        'measured B/image': per(l.measured, l.n),
      },
      {
        case: 'streamIdx: 60,000 images, 1,000 a chunk',
        ms: s.ms.toFixed(0),
        'declared B/image': '-',
        'measured B/image': `peak live ${(s.measured / 1e6).toFixed(1)} MB (whole file: ${((N * 784) / 1e6).toFixed(1)} MB)`,
      },
    ]);
    console.log('An MNIST image is 784 pixel bytes; its label adds 4 and each view 4 bytes of index.');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
