// `aecnn bench` through the built binary: one model, one backend, quick windows; the JSON carries the ratios
// against tfjs-layers and onnxruntime-web measured in the same run. Needs `pnpm build` first (the bench package included).
import { describe, expect, it } from 'vitest';
import { aecnn, json } from './cli-helpers';

interface BenchSummary {
  rows: {
    model: string;
    backend: string;
    train: { aecnn: number; tfjsLayers: number; ratio: number };
    inferOnnx: { aecnn: number; onnxruntime: number; ratio: number; threads: number };
  }[];
  ratio: Record<string, number>;
  ceilingGflops: Record<string, number>;
}

describe('aecnn bench --backend wasm --models articleCnn --quick --json', () => {
  it('measures aecnn and tfjs-layers in one run and prints the figures as JSON', async () => {
    const run = await aecnn('bench', '--backend', 'wasm', '--models', 'articleCnn', '--quick', '--json');
    expect(run.code, run.stderr).toBe(0);
    const s = json<BenchSummary>(run);
    expect(s.rows.map((r) => [r.model, r.backend])).toEqual([['articleCnn', 'wasm']]);
    const { train } = s.rows[0]!;
    expect(train.aecnn).toBeGreaterThan(0);
    expect(train.tfjsLayers).toBeGreaterThan(0);
    expect(s.ratio.trainArticleCnnWasm).toBeCloseTo(train.ratio, 6);
    expect(s.ceilingGflops.wasm).toBeGreaterThan(0);
    const onnx = s.rows[0]!.inferOnnx;
    expect(onnx.onnxruntime).toBeGreaterThan(0);
    expect(onnx.threads).toBe(1);
    expect(s.ratio.inferArticleCnnVsOnnxruntime).toBeCloseTo(onnx.ratio, 6);
  }, 240_000);
});
