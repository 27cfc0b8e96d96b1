import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { cropping2d, zeroPadding2d } from './crop-pad';
import { defineLayer } from './custom-layer';
import { dense } from './dense';
import { graph, input } from './graph-spec';
import type { GraphModule } from './graph-types';
import { loadModule, memoryHandler, saveModule } from './io';
import { concatenate } from './merge';
import { namedParams } from './params';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));
afterEach(() => tf.disposeVariables());

// y = x * gamma + shift: one learned scale per channel, a fixed shift from the options.
const scale = defineLayer<{ shift?: number }>({
  kind: 'scale',
  options: ['shift'],
  check: (o) => {
    const shift = o.shift ?? 0;
    if (typeof shift !== 'number')
      throw new Error(`scale: shift must be a number, got ${JSON.stringify(shift)}`);
    return { shift };
  },
  params: (s) => ({ gamma: { shape: [s.at(-1)!], init: 'ones' } }),
  outputShape: (s) => s,
  forward: ({ gamma }, x, o) => tf.add(tf.mul(x, gamma!), o.shift!),
});

describe('defineLayer', () => {
  it('makes a layer that works in a graph, saves, and loads when its factory is given', async () => {
    const x = input([2]);
    const y = dense({ units: 2 }).apply(scale({ shift: 1, name: 'sc' }).apply(x));
    const model = build(graph({ inputs: x, outputs: y }), { seed: 1 }) as GraphModule;
    expect([...namedParams(model).keys()]).toEqual(['sc/gamma', 'dense1/kernel', 'dense1/bias']);
    expect(model.children.sc!.config).toEqual({ kind: 'scale', shift: 1, name: 'sc' });
    const xs = tf.tensor2d([[1, 2]]);
    expect(Array.from(model.children.sc!.apply(xs, { training: false }).dataSync())).toEqual([2, 3]);
    const h = memoryHandler();
    await saveModule(model, h);
    await expect(loadModule(h)).rejects.toThrow(/unknown layer kind 'scale'.*pass others in options.kinds/);
    const { module } = await loadModule(h, { kinds: { scale } });
    expect(Array.from(module.apply(xs, { training: false }).dataSync())).toEqual(
      Array.from(model.apply(xs, { training: false }).dataSync()),
    );
  });

  it('checks its options and supports several inputs', () => {
    expect(() => scale({ shfit: 1 } as never)).toThrow(
      "scale: unknown option 'shfit'; did you mean 'shift'?",
    );
    expect(() => scale({ shift: 'a' as never })).toThrow('scale: shift must be a number, got "a"');
    const weighted = defineLayer({
      kind: 'weightedSum',
      inputs: 2,
      params: () => ({ w: { shape: [1], init: 'ones' } }),
      outputShape: ([a]) => a!,
      forward: ({ w }, [a, b]) => tf.add(a!, tf.mul(b!, w!)),
    });
    const a = input([3]);
    const b = input([3]);
    const m = build(graph({ inputs: [a, b], outputs: weighted().apply([a, b]) }), { seed: 1 }) as GraphModule;
    const out = m.forward([tf.ones([1, 3]), tf.ones([1, 3])], { training: false }).output!;
    expect(Array.from(out.dataSync())).toEqual([2, 2, 2]);
    expect(() => weighted().apply([a])).toThrow('weightedSum.apply: expected 2 inputs, got 1');
  });
});

describe('cropping2d / zeroPadding2d', () => {
  it('crop and pad the sides so that U-Net levels fit', () => {
    const x = input([7, 7, 2]);
    const padded = zeroPadding2d({
      padding: [
        [0, 1],
        [0, 1],
      ],
    }).apply(x); // 8x8
    expect(padded.shape).toEqual([8, 8, 2]);
    const cropped = cropping2d({ cropping: 1 }).apply(padded); // 6x6
    expect(cropped.shape).toEqual([6, 6, 2]);
    expect(() => concatenate().apply([x, padded])).toThrow(
      /inputs \[7, 7, 2\] and \[8, 8, 2\] differ on axis 1/,
    );
    const m = build(graph({ inputs: x, outputs: { padded, cropped } }), { seed: 1 }) as GraphModule;
    const xs = tf.ones([1, 7, 7, 2]);
    const out = m.forward(xs, { training: false });
    // The padded row and column are zeros: 7*7*2 ones in 8*8*2 values.
    expect(tf.sum(out.padded!).dataSync()[0]).toBe(98);
    // Cropping 1 off every side of the padded 8x8 keeps rows and columns 1..6, all ones.
    expect(tf.sum(out.cropped!).dataSync()[0]).toBe(6 * 6 * 2);
    expect(() => cropping2d({ cropping: 4 }).apply(x)).toThrow(
      /cropping2d: cannot crop 8 rows and 8 columns from \[7, 7, 2\]/,
    );
    expect(() => zeroPadding2d({ padding: -1 })).toThrow(/zeroPadding2d: padding must be an integer >= 0/);
  });
});

describe('defineLayer check', () => {
  it('runs once per layer created, not per shape, apply or build', () => {
    let runs = 0;
    const counted = defineLayer<{ k?: number }>({
      kind: 'counted',
      options: ['k'],
      check: (o) => {
        runs++;
        return { k: o.k ?? 1 };
      },
      outputShape: (s) => s,
      forward: (_p, x, o) => tf.mul(x, o.k!),
    });
    const spec = counted({ k: 2 });
    spec.outputShape([3]);
    build(spec, [3], { seed: 1 });
    build(spec, [3], { seed: 2 });
    const x = input([3]);
    build(graph({ inputs: x, outputs: spec.apply(x) }), { seed: 1 });
    expect(runs).toBe(1);
  });
});
