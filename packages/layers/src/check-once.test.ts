import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { backend } from './testing/setup';

// Counts the checks every built-in layer's normalise makes, by `where.name`: the layers are imported afresh after
// the mocks (vitest runs files unisolated here, so a hoisted vi.mock could find them already loaded).
const checks = new Map<string, number>();
const count = (key: string) => checks.set(key, (checks.get(key) ?? 0) + 1);
const counted =
  <A extends unknown[], R>(f: (...args: A) => R, key: (...args: A) => string) =>
  (...args: A): R => {
    count(key(...args));
    return f(...args);
  };
vi.doMock('./validate', async (importOriginal) => {
  const mod = await importOriginal<typeof import('./validate')>();
  return { ...mod, checkInt: counted(mod.checkInt, (where, name) => `${where}.${name}`) };
});
vi.doMock('./shape', async (importOriginal) => {
  const mod = await importOriginal<typeof import('./shape')>();
  return { ...mod, toPair: counted(mod.toPair, (_value, name, kind) => `${kind}.${name}`) };
});

beforeAll(() => backend('cpu'));
afterEach(() => {
  tf.disposeVariables();
  vi.doUnmock('./validate');
  vi.doUnmock('./shape');
  vi.resetModules();
});

describe('built-in layers', () => {
  it('normalise their options once per layer, however often it is shaped, applied or built', async () => {
    vi.resetModules();
    const { batchNorm } = await import('./batch-norm');
    const { build } = await import('./build');
    const { conv2d } = await import('./conv2d');
    const { conv2dTranspose } = await import('./conv2d-transpose');
    const { dense } = await import('./dense');
    const { flatten } = await import('./flatten');
    const { graph, input } = await import('./graph-spec');
    const { maxPool2d } = await import('./pool2d');
    const { sequential } = await import('./sequential');
    checks.clear();
    const layers = [
      conv2d({ filters: 4, kernelSize: 3, padding: 'same' }),
      maxPool2d({ poolSize: 2 }),
      conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }),
      batchNorm(),
      flatten(),
      dense({ units: 3 }),
    ];
    const net = sequential(layers);
    expect(net.outputShape([8, 8, 1])).toEqual([3]);
    build(net, [8, 8, 1], { seed: 1 });
    build(net, [8, 8, 1], { seed: 2 });
    const x = input([8, 8, 1]);
    build(graph({ inputs: x, outputs: layers.reduce((h, l) => l.apply(h), x) }), { seed: 1 });
    expect(Object.fromEntries(checks)).toEqual({
      'conv2d.filters': 1,
      'conv2d.kernelSize': 1,
      'conv2d.strides': 1,
      'conv2d.dilation': 1,
      'maxPool2d.poolSize': 1,
      'maxPool2d.strides': 1,
      'conv2dTranspose.filters': 1,
      'conv2dTranspose.kernelSize': 1,
      'conv2dTranspose.strides': 1,
      'dense.units': 1,
    });
  });
});
