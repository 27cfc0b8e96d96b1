// Helpers shared by this package's tests (not exported).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A fresh temporary directory, removed when the current test finishes. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aecnn-data-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** n tiny h×w images whose pixel j of image i is (i * 7 + j) % 256, and labels i % classes. */
export function tinyImages(n: number, h = 4, w = 3, classes = 3): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(n * h * w);
  for (let i = 0; i < n; i++) for (let j = 0; j < h * w; j++) images[i * h * w + j] = (i * 7 + j) % 256;
  const labels = Uint8Array.from({ length: n }, (_, i) => i % classes);
  return { images, labels };
}

/** Serves `files` (name → bytes) on a local HTTP port for the current test; returns the base URL. */
export async function serve(files: Record<string, Uint8Array>): Promise<string> {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const body = files[(req.url ?? '/').slice(1)];
    if (!body) {
      res.writeHead(404, 'Not Found').end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}/`;
}
