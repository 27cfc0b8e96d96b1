// What the model makes of the digit drawn on the pad.
import { type AecnnModel, modelName } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';
import type { PadPrediction } from '../hook';
import { disposeOutput, infer } from '../models';
import { drawDigits } from '../ui/digits-canvas';
import type { Layout } from '../ui/layout';
import { showProbs } from '../ui/probs';

/** Shows `input` (an MNIST-like 28x28 drawing), and the model's reconstruction and class probabilities of it. */
export async function predictPad(
  ui: Layout,
  input: Float32Array,
  model: AecnnModel | null,
): Promise<PadPrediction> {
  drawDigits(ui.padInput, [input], 1, 0);
  if (!input.some((v) => v > 0)) {
    ui.padPrediction.textContent = '–';
    ui.padProbs.replaceChildren();
    ui.padRecon.getContext('2d')?.clearRect(0, 0, 28, 28);
    return { label: null, probs: [], input: Array.from(input) };
  }
  if (!model) {
    ui.padPrediction.textContent = 'train or load a model first';
    return { label: null, probs: [], input: Array.from(input) };
  }
  const m = model;
  const o = infer(m, () => tf.tensor4d(input, [1, 28, 28, 1]), ['reconstruction', 'logits']);
  const soft = o.logits ? tf.softmax(o.logits) : undefined;
  const [recon, probs] = await Promise.all([o.reconstruction?.data(), soft?.data()]);
  disposeOutput(o);
  soft?.dispose();
  if (recon) drawDigits(ui.padRecon, [recon], 1, 0);
  else ui.padRecon.getContext('2d')?.clearRect(0, 0, 28, 28);
  let label: number | null = null;
  if (probs) {
    const p = Array.from(probs);
    label = p.indexOf(Math.max(...p));
    ui.padPrediction.textContent = `${label}`;
    showProbs(ui.padProbs, p);
  } else {
    ui.padPrediction.textContent = `no classifier (${modelName(m)})`;
    ui.padProbs.replaceChildren();
  }
  return { label, probs: probs ? Array.from(probs) : [], input: Array.from(input) };
}
