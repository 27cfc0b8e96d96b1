import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Io } from '../io';
import type { BenchOptions } from './options';

/** The models `aecnn bench` knows. */
export const BENCH_MODELS = Object.freeze(['articleCnn', 'convAutoencoder', 'fusion']);

/**
 * Where the benchmark runner is: the workspace's private `@aecnn/bench` package, which carries the
 * @tensorflow/tfjs-layers peer it measures against (a dependency of the benchmark only, not of aecnn).
 */
function benchMain(): string {
  try {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve('@aecnn/bench/package.json')), 'dist', 'main.js');
  } catch {
    throw new Error(
      'aecnn bench compares aecnn with @tensorflow/tfjs-layers and runs from the aecnn repository ' +
        '(its private @aecnn/bench package): clone the repository, then pnpm install && pnpm bench',
    );
  }
}

/**
 * `aecnn bench [--backend wasm,cpu] [--models ...] [--quick] [--json]`: training and inference images/s of the
 * article CNN, the conv autoencoder and the fusion model against tfjs-layers in the same run, with GFLOP/s
 * against the backend's in-run matMul ceiling. Runs the benchmark in its own process (clean heap, RSS).
 */
export async function benchCommand(options: BenchOptions, io: Io): Promise<void> {
  const args = [benchMain(), '--backend', options.backend.join(',')];
  if (options.models) args.push('--models', options.models.join(','));
  if (options.quick) args.push('--quick');
  if (options.json) args.push('--json');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d: Buffer) => io.out(d.toString()));
  child.stderr.on('data', (d: Buffer) => io.err(d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`the benchmark process exited with code ${code}`);
}
