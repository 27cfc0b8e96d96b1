import type { Tensor, Variable } from '@tensorflow/tfjs-core';

/** A shape without the batch dimension, e.g. [28, 28, 1]. */
export type Shape = readonly number[];

/** Options of a forward call. Training vs inference is always explicit. */
export interface ForwardContext {
  /** True while training: dropout drops and batch norm uses (and updates) batch statistics. */
  readonly training: boolean;
  /** Seed for the randomness of this call (dropout); derived per module from its path. */
  readonly seed?: number;
}

/** JSON config of a module: `kind` plus the factory's options under the same keys. */
export interface ModuleConfig {
  readonly kind: string;
  readonly [option: string]: unknown;
}

/**
 * A built module: plain data (its own parameters, its children) and a pure forward function.
 * Parameter paths come from walking children: `encoder/block1/conv/kernel`.
 */
export interface Module {
  /** What kind of layer or block this is (`conv2d`, `sequential`, ...). */
  readonly kind: string;
  /** JSON config that rebuilds this module with `fromConfig`. */
  readonly config: ModuleConfig;
  /** Input shape without batch. */
  readonly inputShape: Shape;
  /** Output shape without batch, computed at build time. */
  readonly outputShape: Shape;
  /** This module's own parameters by local name (`kernel`, `bias`, `movingMean`, ...). */
  readonly params: Readonly<Record<string, Variable>>;
  /** Sub-modules by local name, in call order. */
  readonly children: Readonly<Record<string, Module>>;
  /** Forward pass on a batch [batch, ...inputShape]. Pure apart from batch-norm statistics in training. */
  apply(x: Tensor, ctx: ForwardContext): Tensor;
  /** Input shapes of a module of several inputs (`add`, `concatenate`, a graph with two inputs); else absent. */
  readonly inputShapes?: readonly Shape[];
  /** Forward pass of a module of several inputs, one batch per input shape; present exactly with `inputShapes`. */
  applyAll?(xs: readonly Tensor[], ctx: ForwardContext): Tensor;
}

/**
 * The named outputs of a forward call (`latent`, `reconstruction`, `logits`, or a graph's own names), plus the
 * loss terms the model adds (`kl`, ...) under the names in `Model.lossNames`. An output not asked for is absent.
 */
export type ModelOutput = Readonly<Record<string, Tensor>>;

/** The name of one of a model's outputs (`logits`, `reconstruction`, ...). */
export type Head = string;

/**
 * A model: named modules that may be shared between outputs (one encoder feeding a decoder and a classifier,
 * the same Variables, never copies) and a forward call that wires them. Parameters are found by walking
 * `modules`: `encoder/block1/conv/kernel`.
 */
export interface Model {
  /** Model kind (`autoencoder`, `cnn`, `fusion`, `graph`, ...). */
  readonly kind: string;
  /** JSON that rebuilds this model (factory options, or a graph's wiring). */
  readonly config: ModelConfig;
  /** Input shape without batch. */
  readonly inputShape: Shape;
  /** The model's modules by name, e.g. { encoder, decoder, classifier }. */
  readonly modules: Readonly<Record<string, Module>>;
  /** The outputs forward can return, in order. */
  readonly outputNames: readonly string[];
  /**
   * Loss terms the model adds to any training loss (a VAE's `kl`): forward returns each under its name, as a
   * scalar or one value per sample, whenever it is asked for (and by default).
   */
  readonly lossNames: readonly string[];
  /** Runs the model; `outputs` limits which outputs (and added losses) are computed (default: all). */
  forward(x: Tensor, ctx: ForwardContext, outputs?: readonly string[]): ModelOutput;
}

/** JSON config of a model: `kind` plus the factory's options. */
export interface ModelConfig {
  readonly kind: string;
  readonly [option: string]: unknown;
}
