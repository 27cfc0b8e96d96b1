// The embedded-digits chunk is 2.1 MB of base64; its source map would repeat all of it for nothing (no code
// to debug in there), so drop the map and its reference after tsup has built.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
for (const file of readdirSync(dist).filter((f) => /^mnist-digits-.*\.js$/.test(f))) {
  const js = path.join(dist, file);
  writeFileSync(js, readFileSync(js, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'));
  rmSync(`${js}.map`, { force: true });
}
