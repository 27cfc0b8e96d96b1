// The end of a training run: the model evaluated on the probe digits, the confusion matrix, the status line.
import type { Dataset } from '@aecnn/data';
import { type AecnnModel, modelName } from '@aecnn/models';
import { defaultLoss, evaluate } from '@aecnn/train';
import type { TrainReport } from './hook';
import type { Layout } from './ui/layout';
import { drawConfusion } from './views';

/** Evaluates `m` on `probe`, fills `report.final`, draws the confusion matrix and returns the status line. */
export async function finishReport(
  ui: Layout,
  m: AecnnModel,
  probe: Dataset,
  report: TrainReport,
): Promise<string> {
  const test = await evaluate(m, probe, { loss: defaultLoss(m.outputNames, m.lossNames) });
  report.final = {
    ...(test.loss !== undefined ? { loss: test.loss } : {}),
    ...(test.accuracy !== undefined ? { accuracy: test.accuracy } : {}),
    ...(test.mse !== undefined ? { mse: test.mse } : {}),
    ...(test.negativeElbo !== undefined ? { negativeElbo: test.negativeElbo } : {}),
  };
  if (test.confusionMatrix) {
    drawConfusion(
      ui.confusion,
      test.confusionMatrix,
      `${modelName(m)}, ${report.batches} batches on ${report.backend}`,
    );
  } else {
    ui.confusion.textContent = 'This model has no classifier.';
  }
  const acc =
    (test.accuracy !== undefined ? ` · test accuracy ${(test.accuracy * 100).toFixed(1)}%` : '') +
    (test.mse !== undefined ? ` · test MSE ${test.mse.toFixed(4)}` : '') +
    (test.negativeElbo !== undefined ? ` · test −ELBO ${test.negativeElbo.toFixed(1)} nats` : '');
  return (
    `${report.stopped ? 'stopped' : 'done'}: ${report.batches} batches in ${report.seconds.toFixed(1)} s on ` +
    `${report.backend} · last loss ${report.losses.at(-1)?.toFixed(4)}${acc}`
  );
}
