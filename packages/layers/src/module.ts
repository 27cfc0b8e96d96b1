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
}

/** The named outputs a model's forward call can return; a head the model lacks (or was not asked for) is absent. */
export interface ModelOutput {
  /** Encoder output [batch, latentDim] (autoencoder, fusion). */
  latent?: Tensor;
  /** Decoder output, same shape as the input (autoencoder, fusion). */
  reconstruction?: Tensor;
  /** Unnormalised class scores [batch, classes] (cnn, fusion). */
  logits?: Tensor;
}

/** Which heads a forward call computes. */
export type Head = keyof ModelOutput;

/**
 * A model: named modules that may be shared between heads (one encoder feeding a decoder and a classifier,
 * the same Variables, never copies) and a forward call that wires them. Parameters are found by walking
 * `modules`: `encoder/block1/conv/kernel`.
 */
export interface Model {
  /** Model kind (`autoencoder`, `cnn`, `fusion`, ...). */
  readonly kind: string;
  /** JSON of the factory options that rebuild this model. */
  readonly config: ModelConfig;
  /** Input shape without batch. */
  readonly inputShape: Shape;
  /** The model's modules by name, e.g. { encoder, decoder, classifier }. */
  readonly modules: Readonly<Record<string, Module>>;
  /** Runs the model; `heads` limits which outputs are computed (default: all the model has). */
  forward(x: Tensor, ctx: ForwardContext, heads?: readonly Head[]): ModelOutput;
}

/** JSON config of a model: `kind` plus the factory's options. */
export interface ModelConfig {
  readonly kind: string;
  readonly [option: string]: unknown;
}
