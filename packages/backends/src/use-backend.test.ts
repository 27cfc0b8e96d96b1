import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { addedCpuKernels, backendInfo, bestBackend, checkBackendName, useBackend } from './index';

describe('useBackend', () => {
  it('rejects an unknown name and lists the valid ones', async () => {
    await expect(useBackend('tpu' as never)).rejects.toThrow(
      'useBackend: unknown backend "tpu"; expected one of wasm, webgl, webgpu, cpu',
    );
    expect(() => checkBackendName(42)).toThrow(
      /unknown backend 42; expected one of wasm, webgl, webgpu, cpu/,
    );
  });

  it.each(['webgl', 'webgpu'] as const)('says %s cannot run in Node and to use wasm or cpu', async (name) => {
    await expect(useBackend(name)).rejects.toThrow(
      new RegExp(
        `useBackend\\('${name}'\\): ${name} needs a browser .* cannot run in Node\\. Use wasm or cpu instead\\.`,
      ),
    );
  });

  it('rejects a bad thread count, naming the option and what came', async () => {
    await expect(useBackend('wasm', { threads: 0 })).rejects.toThrow(
      'useBackend: options.threads must be an integer >= 1, got 0',
    );
  });

  it('activates wasm and reports its info, including the kernels aecnn added or fixed', async () => {
    const info = await useBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.name).toBe('wasm');
    expect(typeof info.simd).toBe('boolean');
    expect(info.threads).toBe(false); // Node has no cross-origin-isolated SharedArrayBuffer workers here
    for (const k of ['Conv2DBackpropFilter', 'MaxPoolGrad', 'Conv2D', '_FusedMatMul', 'ResizeBilinearGrad']) {
      expect(info.addedKernels).toContain(k);
    }
    expect(backendInfo()).toEqual(info);
  });

  it('activates cpu: no SIMD/threads flags, and lists the cpu kernels it fixed and added', async () => {
    const info = await useBackend('cpu');
    expect(info).toEqual({
      name: 'cpu',
      simd: false,
      threads: false,
      addedKernels: [
        'ResizeNearestNeighborGrad',
        'ResizeBilinearGrad',
        'AecnnCpuFusedMatMul',
        'AecnnCpuFusedConv2D',
      ],
    });
    expect(addedCpuKernels()).toEqual(info.addedKernels);
  });

  it('bestBackend picks wasm in Node', async () => {
    const info = await bestBackend();
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
