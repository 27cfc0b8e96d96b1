// Importing @aecnn/backends registers tfjs-core's gradients in every module system, with one engine.
// These run the built package (dist/) in a child Node, as a user would; turbo builds before testing.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from './index';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a script in a child node inside this package (so '@aecnn/backends' resolves to its own dist). */
function node(args: string[]): string {
  return execFileSync(process.execPath, args, {
    cwd: pkgDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('gradient registration', () => {
  it('in this process: tf.grad of tf.sum works (tfjs-core alone has no gradient for Sum)', async () => {
    await useBackend('cpu');
    const g = tf.grad((x) => tf.sum(tf.square(x)))(tf.tensor1d([1, -2, 3]));
    expect(Array.from(g.dataSync())).toEqual([2, -4, 6]);
  });

  it('CommonJS: require("@aecnn/backends") registers them, sharing the app\'s tfjs-core engine', () => {
    const out = node([
      '-e',
      `const tf = require('@tensorflow/tfjs-core');
       const { useBackend } = require('@aecnn/backends');
       useBackend('cpu').then((info) => {
         const g = tf.grad((x) => tf.sum(x))(tf.tensor1d([1, 2, 3]));
         console.log(JSON.stringify({ backend: info.name, g: Array.from(g.dataSync()), conv: tf.getGradient('Conv2D') != null }));
       });`,
    ]);
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ backend: 'cpu', g: [1, 1, 1], conv: true });
  });

  it('ESM: importing it registers them, and a conv gradient runs on wasm', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import * as tf from '@tensorflow/tfjs-core';
       import { useBackend } from '@aecnn/backends';
       const info = await useBackend('wasm');
       const dW = tf.grad((f) => tf.sum(tf.conv2d(tf.ones([2, 6, 6, 1]), f, 2, 'same')))(tf.ones([3, 3, 1, 2]));
       console.log(JSON.stringify({ backend: info.name, shape: dW.shape, first: dW.dataSync()[0] }));`,
    ]);
    // Tap (0,0) of a 3x3 'same' filter at stride 2 over 6x6 ones: outputs (i,j) in 0..2 read row 2i-1 and
    // col 2j-1 (top/left pad 0 for stride 2: total pad 1, top 0), so tap (0,0) reads x[2i, 2j]: 9 ones x 2
    // images = 18.
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({
      backend: 'wasm',
      shape: [3, 3, 1, 2],
      first: 18,
    });
  });
});
