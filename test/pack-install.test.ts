// Proves that a user can install any single aecnn package: each package under packages/* is packed with
// `pnpm pack` (which turns workspace:* and catalog: into real versions), installed alone with plain npm into
// a fresh project outside the workspace (registry deps from the registry, sibling packages from their
// tarballs), and imported as ESM from Node; @aecnn/backends also runs a conv gradient on wasm there.
// Needs the packages built (`pnpm build`; turbo's test task builds them first).
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT = 600_000;
/** npm installs at once: they mostly wait on the network and npm's cache, not on the 2 cores. */
const PARALLEL = 4;

interface Pkg {
  name: string;
  dir: string;
  /** Sibling packages it depends on at run time (dependencies and peerDependencies). */
  siblings: string[];
  /** Import specifiers: the package and each subpath of its exports map. */
  entries: string[];
}

function readPackages(): Pkg[] {
  const dirs = readdirSync(path.join(ROOT, 'packages'))
    .map((d) => path.join(ROOT, 'packages', d))
    .filter((d) => existsSync(path.join(d, 'package.json')));
  const manifests = dirs.map((dir) => ({
    dir,
    json: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')),
  }));
  const names = new Set(manifests.map((m) => m.json.name as string));
  return manifests
    .filter((m) => !m.json.private)
    .map(({ dir, json }) => {
      const deps = { ...json.dependencies, ...json.peerDependencies } as Record<string, string>;
      const subpaths = Object.keys(json.exports ?? { '.': null }).filter((k) => k !== './package.json');
      return {
        name: json.name,
        dir,
        siblings: Object.keys(deps).filter((d) => names.has(d)),
        entries: subpaths.map((s) => (s === '.' ? json.name : `${json.name}/${s.replace(/^\.\//, '')}`)),
      };
    });
}

const PACKAGES = readPackages();
const byName = new Map(PACKAGES.map((p) => [p.name, p]));

/** The package and every sibling it needs, transitively. */
function closure(name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const s of byName.get(name)?.siblings ?? []) closure(s, seen);
  return seen;
}

interface Run {
  stdout: string;
  stderr: string;
}

/** Runs a command; rejects with its output when it fails, so the test shows why. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env, maxBuffer: 64 << 20, timeout: TIMEOUT }, (err, stdout, stderr) => {
      if (err)
        reject(
          new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${stdout}\n${stderr}`),
        );
      else resolve({ stdout, stderr });
    });
  });
}

/**
 * The environment for npm in the temp projects: without the npm_config_* variables that pnpm exports to the
 * scripts it runs (they carry the workspace's .npmrc settings), so npm sees only the user's own config.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      /^(npm_|pnpm_)/i.test(k) &&
      !/^npm_config_(registry|cache|userconfig|(https?_)?proxy|noproxy)$/i.test(k)
    )
      continue;
    env[k] = v;
  }
  return env;
}

/** A tiny semaphore, so that at most PARALLEL installs run at once. */
function limiter(n: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await job();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'aecnn-pack-'));
const tarDir = path.join(work, 'tarballs');
mkdirSync(tarDir);

const packs = new Map<string, Promise<string>>();

/** Packs one package (once): its tarball's path. */
function pack(name: string): Promise<string> {
  let pending = packs.get(name);
  if (pending == null) {
    const p = byName.get(name)!;
    pending = existsSync(path.join(p.dir, 'dist'))
      ? run('pnpm', ['pack', '--json', '--pack-destination', tarDir], p.dir).then(({ stdout }) => {
          const file = JSON.parse(stdout.slice(stdout.indexOf('{'))).filename as string;
          return path.isAbsolute(file) ? file : path.join(tarDir, path.basename(file));
        })
      : Promise.reject(new Error(`${name} is not built (no ${p.dir}/dist); run \`pnpm build\` first`));
    packs.set(name, pending);
  }
  return pending;
}

const limit = limiter(PARALLEL);
const installs = new Map<string, Promise<string>>();

/** Installs `name` alone (plus its sibling tarballs) into a fresh project; returns the project dir. */
function install(name: string): Promise<string> {
  let pending = installs.get(name);
  if (pending == null) {
    pending = Promise.all([...closure(name)].map(pack)).then((files) =>
      limit(async () => {
        const project = path.join(work, name.replace(/[@/]/g, '_'));
        mkdirSync(project);
        writeFileSync(
          path.join(project, 'package.json'),
          JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
        );
        await run(
          'npm',
          ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...files],
          project,
          cleanEnv(),
        );
        return project;
      }),
    );
    installs.set(name, pending);
  }
  return pending;
}
// Start every install now so that they overlap; each test awaits its own.
for (const p of PACKAGES) install(p.name).catch(() => {});
afterAll(async () => {
  await Promise.allSettled(installs.values()); // an npm still writing into `work` would make rm fail
  rmSync(work, { recursive: true, force: true });
}, TIMEOUT);

/** Prints the export names of each entry, as ESM, from `cwd`. */
async function exportNames(cwd: string, entries: string[]): Promise<Record<string, string[]>> {
  const script = `const out = {};
for (const e of ${JSON.stringify(entries)}) out[e] = Object.keys(await import(e)).sort();
console.log(JSON.stringify(out));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], cwd);
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe.each(PACKAGES.map((p) => [p.name, p] as const))(
  '%s packed and installed alone with npm',
  (_, pkg) => {
    it(
      'imports as ESM from Node with the same exports as the workspace build',
      async () => {
        const project = await install(pkg.name);
        expect(existsSync(path.join(project, 'package-lock.json'))).toBe(true);
        const installed = await exportNames(project, pkg.entries);
        const workspace = await exportNames(pkg.dir, pkg.entries);
        expect(installed).toEqual(workspace);
        // An entry whose source exports something must export something once installed.
        for (const e of pkg.entries) {
          const file = e === pkg.name ? 'index' : e.slice(pkg.name.length + 1);
          const src = path.join(pkg.dir, 'src', `${file}.ts`);
          if (existsSync(src) && /^export\s+(?!\{\s*\}|type\s)/m.test(readFileSync(src, 'utf8'))) {
            expect(installed[e]!.length, `${e} exports nothing`).toBeGreaterThan(0);
          }
        }
        // The workspace packages it needs came from the tarballs, never from the registry.
        const lock = JSON.parse(readFileSync(path.join(project, 'package-lock.json'), 'utf8'));
        for (const s of closure(pkg.name)) {
          expect(lock.packages[`node_modules/${s}`]?.resolved ?? '', s).toMatch(/^file:/);
        }
      },
      TIMEOUT,
    );
  },
);

describe('@aecnn/backends installed alone', () => {
  it(
    "trains a conv on wasm: its filter gradient equals cpu's",
    async () => {
      const project = await install('@aecnn/backends');
      const script = `import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@aecnn/backends';
const out = {};
for (const b of ['cpu', 'wasm']) {
  const info = await useBackend(b);
  const x = tf.tensor4d(Array.from({ length: 2 * 7 * 7 * 3 }, (_, i) => Math.sin(i)), [2, 7, 7, 3]);
  const f = tf.tensor4d(Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.cos(i)), [3, 3, 3, 4]);
  const loss = (x, f) => tf.sum(tf.square(tf.conv2d(x, f, 2, 'same')));
  const [dx, df] = tf.grads(loss)([x, f]);
  out[b] = { backend: info.name, added: info.addedKernels, dx: Array.from(dx.dataSync()), df: Array.from(df.dataSync()) };
}
console.log(JSON.stringify(out));`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], project);
      const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
      expect(out.wasm.backend).toBe('wasm');
      expect(out.wasm.added).toContain('Conv2DBackpropFilter');
      for (const key of ['dx', 'df'] as const) {
        const want: number[] = out.cpu[key];
        const got: number[] = out.wasm[key];
        expect(got.length).toBe(want.length);
        const scale = Math.max(...want.map(Math.abs));
        const err = Math.max(...want.map((w, i) => Math.abs(w - got[i]!))) / scale;
        expect(scale).toBeGreaterThan(0);
        expect(err, key).toBeLessThan(1e-4);
      }
    },
    TIMEOUT,
  );
});
