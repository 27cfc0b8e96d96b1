import type { DataSpec } from '../data-spec';
import type { Io } from '../io';
import type { CliBackend, TrainOptions } from '../train-options';
import type { ExperimentOptions } from './experiment-options';

/** The command functions the parser calls; tests swap them to check parsing alone. */
export interface Commands {
  train(options: TrainOptions, io: Io): Promise<unknown>;
  resume(options: ResumeOptions, io: Io): Promise<unknown>;
  eval(options: EvalOptions, io: Io): Promise<unknown>;
  report(options: ReportOptions, io: Io): Promise<unknown>;
  export(options: ExportOptions, io: Io): Promise<unknown>;
  /** `aecnn generate`; the command is left out when absent. */
  generate?(options: GenerateOptions, io: Io): Promise<unknown>;
  /** `aecnn bench`; the command is left out when absent. */
  bench?(options: BenchOptions, io: Io): Promise<unknown>;
  /** `aecnn experiment`; the command is left out when absent. */
  experiment?(options: ExperimentOptions, io: Io): Promise<unknown>;
}

/** Options of `aecnn train --resume DIR`: the rest comes from DIR/run.json. */
export interface ResumeOptions {
  /** The run folder to continue. */
  readonly dir: string;
  /** Backend to continue on; default: the one run.json records (older runs: the best available one). */
  readonly backend?: CliBackend;
  /** Print only the JSON summary on stdout. */
  readonly json: boolean;
}

/** Options of `aecnn eval`. */
export interface EvalOptions {
  /** Run folder holding model.json and weights.bin. */
  readonly model: string;
  /** Images to evaluate on; the run's own test images when absent. */
  readonly data?: DataSpec;
  /** Images per forward pass. */
  readonly batchSize: number;
  /** Compute backend; the best available one when absent. */
  readonly backend?: CliBackend;
  /** Print only the JSON result on stdout. */
  readonly json: boolean;
}

/** Options of `aecnn report`. */
export interface ReportOptions {
  /** Run folder to (re)write report.html in. */
  readonly dir: string;
}

/** Options of `aecnn export`. */
export interface ExportOptions {
  /** Run folder holding model.json and weights.bin. */
  readonly model: string;
  /** Output format: `layers` (TF.js Layers / Keras: model.json + weights.bin) or `onnx` (model.onnx). */
  readonly format: 'layers' | 'onnx';
  /** Folder to write the model to. */
  readonly out: string;
  /** ONNX opset (onnx format only; default 17). */
  readonly opset?: number;
  /** Overwrite a folder that already holds a run or an exported model. */
  readonly force: boolean;
  /** Model outputs to export, in order (default: all). */
  readonly outputs?: readonly string[];
  /** Append a softmax to the logits output (probabilities instead of logits). */
  readonly softmax: boolean;
}

/** Options of `aecnn bench`. */
export interface BenchOptions {
  /** Backends to measure, in order (default wasm then cpu). */
  readonly backend: readonly ('wasm' | 'cpu')[];
  /** Models to measure (default all three). */
  readonly models?: readonly string[];
  /** Fewer, shorter windows. */
  readonly quick: boolean;
  /** Print only the JSON figures on stdout. */
  readonly json: boolean;
}

/** `aecnn generate`: images sampled from a trained VAE's prior. */
export interface GenerateOptions {
  /** The run folder of a `--model vae` run. */
  readonly model: string;
  /** How many images. */
  readonly n: number;
  /** Seed of the prior samples. */
  readonly seed: number;
  /** The PNG file to write. */
  readonly out: string;
  /** Where z comes from: the run's latent mixture (prior.json), N(0, I), or the mixture when the run has one. */
  readonly prior?: 'auto' | 'mixture' | 'normal';
}
