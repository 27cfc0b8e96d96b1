import '@aecnn/backends/chained-ops';
import { useBackend } from '@aecnn/backends';
import { articleCnn, autoencoder } from '@aecnn/models';
import { fit, tensorSource } from '@aecnn/train';
import { trainableVariables } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
await useBackend('wasm');
const which = process.argv[2] ?? 'cnn';
const model = which === 'cnn' ? articleCnn({ seed: 1 }).model : autoencoder({ inputShape: [28, 28, 1], kind: 'conv', seed: 1 }).model;
const S = 8, B = 64;
const x = tf.randomUniform([B * S, 28, 28, 1], 0, 1, 'float32', 3);
const y = tf.randomUniform([B * S], 0, 10, 'int32', 4);
const src = tensorSource({ x, y });
const vars = trainableVariables(model.modules);
const opt = tf.train.adam(1e-3);
const xb = tf.slice(x, 0, B), yb = tf.slice(y, 0, B);
const manual = async () => {
  for (let i = 0; i < S; i++) {
    const { value, grads } = tf.variableGrads(() => {
      const out = model.forward(xb, { training: true }, which === 'cnn' ? ['logits'] : ['reconstruction']);
      return which === 'cnn' ? tf.losses.softmaxCrossEntropy(tf.oneHot(yb, 10), out.logits) : tf.mean(tf.square(tf.sub(out.reconstruction, xb)));
    }, vars);
    await value.data();
    opt.applyGradients(grads);
    tf.dispose([value, ...Object.values(grads)]);
  }
};
const ts = { fit: [], manual: [] };
let last = 0;
await fit(model, src, { epochs: 1, batchSize: B, metrics: [], shuffle: false });
await manual();
for (let w = 0; w < 5; w++) {
  let t = performance.now(); await fit(model, src, { epochs: 1, batchSize: B, metrics: [], shuffle: false }); ts.fit.push(performance.now() - t);
  t = performance.now(); await manual(); ts.manual.push(performance.now() - t);
}
for (const k in ts) { const s = ts[k].sort((a, b) => a - b); console.log(k, 'ms/step median', (s[2] / S).toFixed(1), 'min', (s[0] / S).toFixed(1)); }
