import type { EvaluateResult } from '@aecnn/train';
import { formatDuration } from './progress';

/** Test-set results; a metric the model cannot produce (accuracy of an autoencoder) is null. */
export interface TestResult {
  /** Number of test images. */
  readonly n: number;
  /** Share of test images classified correctly, 0..1. */
  readonly accuracy: number | null;
  /** Accuracy per class, index = class; null for a class absent from the test images. */
  readonly perClassAccuracy: readonly (number | null)[] | null;
  /** Mean squared error of the reconstructions, pixels in [0, 1]. */
  readonly reconMse: number | null;
  /** Peak signal-to-noise ratio of the reconstructions in dB (peak 1). */
  readonly psnr: number | null;
}

/** Test-set results with the confusion matrix (null without a classifier), as metrics.json and `aecnn eval` hold them. */
export type TestResultWithConfusion = TestResult & { readonly confusionMatrix: number[][] | null };

/** An `evaluate()` result in the CLI's terms: n, and null for what the model cannot produce. */
export function testResultOf(r: EvaluateResult): TestResultWithConfusion {
  return {
    n: r.count,
    accuracy: r.accuracy ?? null,
    perClassAccuracy: r.perClassAccuracy ?? null,
    reconMse: r.mse ?? null,
    psnr: r.psnr ?? null,
    confusionMatrix: r.confusionMatrix ?? null,
  };
}

/** The JSON summary of `aecnn train` (documented in the README). */
export interface TrainSummary {
  readonly model: string;
  readonly backend: string;
  readonly strategy: string;
  readonly denoise: boolean;
  readonly epochs: number;
  readonly batchSize: number;
  readonly trainSamples: number;
  readonly labeledSamples: number;
  readonly params: number;
  readonly samplesPerSecond: number;
  readonly trainSeconds: number;
  readonly seed: number;
  readonly data: string;
  readonly testData: string;
  readonly test: TestResult;
  readonly outDir: string;
  readonly resumedFromEpoch: number | null;
}

/** A few readable lines for people (without --json). */
export function formatSummary(s: TrainSummary): string {
  const results: string[] = [];
  if (s.test.accuracy !== null) results.push(`accuracy ${(100 * s.test.accuracy).toFixed(2)}%`);
  if (s.test.reconMse !== null) results.push(`reconstruction MSE ${s.test.reconMse.toFixed(5)}`);
  if (s.test.psnr !== null) results.push(`PSNR ${s.test.psnr.toFixed(2)} dB`);
  return [
    `${s.model} on ${s.backend}: ${s.epochs} epochs, ${s.trainSamples} train images (${s.labeledSamples} labeled), ${s.params.toLocaleString('en-US')} parameters`,
    `trained in ${formatDuration(s.trainSeconds)} at ${Math.round(s.samplesPerSecond)} images/s`,
    `test (${s.testData}, ${s.test.n} images): ${results.join(', ')}`,
    `run folder: ${s.outDir} (open report.html)`,
    '',
  ].join('\n');
}
