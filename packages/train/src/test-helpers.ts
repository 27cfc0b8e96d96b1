// Shared fixtures of the train tests (not exported).
import type { Checkpoint } from './checkpoint';

/** A checkpoint with every kind of field: optimizer state, loop state, float32 and int32 weights. */
export const sampleCheckpoint: Checkpoint = {
  modelKind: 'fusion',
  epoch: 3,
  step: 120,
  stepInEpoch: 7,
  phase: 1,
  seed: 42,
  rngState: 123456789,
  optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  optimizerState: {
    weights: [
      { name: 'iter', shape: [], values: new Float32Array([120]) },
      { name: '3/m', shape: [2], values: new Float32Array([0.5, -0.25]) },
    ],
    extra: { accBeta1: 0.5, accBeta2: 0.25 },
  },
  loop: { history: [{ epoch: 0, loss: 1.5 }], early: null },
  weights: {
    'encoder/dense/kernel': {
      shape: [2, 3],
      dtype: 'float32',
      values: new Float32Array([1, 2, 3, 4, 5, Math.PI]),
    },
    'encoder/bn/count': { shape: [1], dtype: 'int32', values: new Int32Array([-7]) },
  },
};
