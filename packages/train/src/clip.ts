import * as tf from '@tensorflow/tfjs-core';

/** Gradient clipping: by global norm over all gradients, and/or elementwise by value. */
export interface ClipOptions {
  /** Rescale all gradients together so their global L2 norm is at most this. */
  readonly clipNorm?: number;
  /** Clamp every gradient element to [-clipValue, clipValue]. */
  readonly clipValue?: number;
}

/** Checks clip options eagerly. */
export function checkClip(o: ClipOptions): void {
  for (const k of ['clipNorm', 'clipValue'] as const) {
    const v = o[k];
    if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) {
      throw new Error(`fit: ${k} must be a finite number > 0, got ${String(v)}`);
    }
  }
}

/**
 * Clipped gradients (new tensors; call inside tidy). The global norm is computed on the device, so clipping
 * never reads back to the CPU.
 */
export function clipGradients(grads: readonly tf.Tensor[], o: ClipOptions): tf.Tensor[] {
  let out = grads.slice();
  if (o.clipValue !== undefined) {
    const c = o.clipValue;
    out = out.map((g) => tf.clipByValue(g, -c, c));
  }
  if (o.clipNorm !== undefined && out.length > 0) {
    const norm = tf.sqrt(tf.addN(out.map((g) => tf.sum(tf.square(g)))));
    // min(1, clipNorm / norm): gradients already inside the ball are left untouched.
    const scale = tf.minimum(1, tf.div(o.clipNorm, tf.maximum(norm, 1e-12)));
    out = out.map((g) => tf.mul(g, scale));
  }
  return out;
}
