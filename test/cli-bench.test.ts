// `aecnn bench` through the built binary: one model, one backend, quick windows; the JSON carries the ratios
// against tfjs-layers, onnxruntime-web (one thread, and every core in a child process) and, where /usr/bin/python3
// has torch, PyTorch, all measured in the same run. Needs `pnpm build` first (the bench package included).
import { describe, expect, it } from 'vitest';
import { aecnn, json } from './cli-helpers';

interface BenchSummary {
  rows: {
    model: string;
    backend: string;
    train: { aecnn: number; tfjsLayers: number; ratio: number };
    inferOnnx: {
      aecnn: number;
      onnxruntime: number;
      ratio: number;
      threads: number;
      threaded?: { onnxruntime: number; ratio: number; threads: number };
      ratioVsBest: number;
    };
    torch?: { train: { ratio: number; threads: number }; infer: { ratio: number; threads: number } };
  }[];
  torch?: { blas: string; matMulGflops: Record<string, number> };
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
    // The ratio key is against the faster of onnxruntime's thread counts.
    const several = onnx.threaded;
    if (several) expect(several.threads).toBeGreaterThan(1);
    expect(onnx.ratioVsBest).toBe(Math.min(onnx.ratio, several?.ratio ?? onnx.ratio));
    expect(s.ratio.inferArticleCnnVsOnnxruntime).toBeCloseTo(onnx.ratioVsBest, 6);
    const torch = s.rows[0]!.torch;
    if (s.torch) {
      expect(s.torch.blas).toMatch(/loaded: /);
      expect([1, 2]).toContain(torch!.train.threads);
      expect(s.ratio.trainArticleCnnVsTorch).toBeCloseTo(torch!.train.ratio, 6);
      expect(s.ratio.inferArticleCnnVsTorch).toBeCloseTo(torch!.infer.ratio, 6);
    } else {
      expect(torch).toBeUndefined();
      expect(run.stderr).toMatch(/PyTorch peer skipped: /);
    }
  }, 240_000);
});
