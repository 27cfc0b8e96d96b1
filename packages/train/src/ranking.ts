// Ranking metrics of a detector's scores: ROC AUC, the ROC curve, and precision-recall with average precision.
// Pure functions on arrays; a higher score means "more anomalous" (the positive class).

/** Points of the ROC curve, one per distinct score from the highest down, from (0, 0) to (1, 1). */
export interface RocCurve {
  /** False positive rate (normal images flagged) at each point. */
  readonly fpr: number[];
  /** True positive rate (anomalies flagged) at each point. */
  readonly tpr: number[];
  /** Images with a score >= threshold are flagged; the first point's threshold is +Infinity (nothing flagged). */
  readonly thresholds: number[];
  /** Area under the curve (equals rocAuc). */
  readonly auc: number;
}

/** Points of the precision-recall curve, one per distinct score from the highest down, and the average precision. */
export interface PrecisionRecall {
  readonly precision: number[];
  readonly recall: number[];
  /** Images with a score >= threshold are flagged. */
  readonly thresholds: number[];
  /** Σ (recall_k − recall_{k−1}) · precision_k over the points (recall_0 = 0), as scikit-learn computes it. */
  readonly averagePrecision: number;
}

interface Checked {
  readonly scores: Float64Array;
  readonly positive: Uint8Array;
  readonly positives: number;
  readonly negatives: number;
}

function check(scores: ArrayLike<number>, isAnomaly: ArrayLike<boolean | number>, where: string): Checked {
  if (scores == null || typeof scores.length !== 'number') {
    throw new Error(`${where}: scores must be an array of numbers, got ${String(scores)}`);
  }
  if (isAnomaly == null || typeof isAnomaly.length !== 'number') {
    throw new Error(`${where}: isAnomaly must be an array of booleans (or 0/1), got ${String(isAnomaly)}`);
  }
  const n = scores.length;
  if (isAnomaly.length !== n) {
    throw new Error(
      `${where}: ${n} scores but ${isAnomaly.length} isAnomaly flags; expected one flag per score`,
    );
  }
  if (n === 0) throw new Error(`${where}: expected at least one score, got none`);
  const s = new Float64Array(n);
  const positive = new Uint8Array(n);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const v = scores[i]!;
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new Error(`${where}: scores[${i}] is ${String(v)}; expected a number (not NaN)`);
    }
    const f = isAnomaly[i];
    if (!(f === true || f === false || f === 0 || f === 1)) {
      throw new Error(`${where}: isAnomaly[${i}] is ${JSON.stringify(f)}; expected true/false or 1/0`);
    }
    s[i] = v;
    positive[i] = f === true || f === 1 ? 1 : 0;
    positives += positive[i]!;
  }
  return { scores: s, positive, positives, negatives: n - positives };
}

function needBoth(c: Checked, where: string): void {
  if (c.positives === 0 || c.negatives === 0) {
    throw new Error(
      `${where}: needs both normal and anomalous images, got ${c.positives} anomalous and ${c.negatives} normal; the ROC is undefined for one class`,
    );
  }
}

// Runs of tied scores from the highest down: each yields the flagged counts once all images of that score are flagged.
function thresholdSteps(c: Checked): { threshold: number; tp: number; fp: number }[] {
  const order = Array.from(c.scores.keys()).sort((a, b) => c.scores[b]! - c.scores[a]!);
  const steps: { threshold: number; tp: number; fp: number }[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (c.positive[i]) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || c.scores[next] !== c.scores[i]) steps.push({ threshold: c.scores[i]!, tp, fp });
  }
  return steps;
}

/**
 * Exact ROC AUC: the probability that a random anomaly scores higher than a random normal image, ties counting
 * one half (the Mann-Whitney U statistic over n_anomalous · n_normal, ties ranked by their average rank).
 * Throws when only one class is present or a score is NaN.
 */
export function rocAuc(scores: ArrayLike<number>, isAnomaly: ArrayLike<boolean | number>): number {
  const c = check(scores, isAnomaly, 'rocAuc');
  needBoth(c, 'rocAuc');
  const order = Array.from(c.scores.keys()).sort((a, b) => c.scores[a]! - c.scores[b]!);
  // Sum of the (1-based, tie-averaged) ranks of the anomalies.
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && c.scores[order[end]!] === c.scores[order[start]!]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (c.positive[order[k]!]) rankSum += rank;
    start = end;
  }
  const u = rankSum - (c.positives * (c.positives + 1)) / 2;
  return u / (c.positives * c.negatives);
}

/** The ROC curve of the scores (one point per distinct score) and its area; throws as rocAuc does. */
export function rocCurve(scores: ArrayLike<number>, isAnomaly: ArrayLike<boolean | number>): RocCurve {
  const c = check(scores, isAnomaly, 'rocCurve');
  needBoth(c, 'rocCurve');
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Number.POSITIVE_INFINITY];
  let auc = 0;
  for (const s of thresholdSteps(c)) {
    const x = s.fp / c.negatives;
    const y = s.tp / c.positives;
    // Trapezoids: a run of ties is a diagonal segment, which is exactly the half credit of rocAuc.
    auc += ((x - fpr[fpr.length - 1]!) * (y + tpr[tpr.length - 1]!)) / 2;
    fpr.push(x);
    tpr.push(y);
    thresholds.push(s.threshold);
  }
  return { fpr, tpr, thresholds, auc };
}

/**
 * Precision and recall of flagging every image scoring >= each distinct score (highest first), and the average
 * precision. Throws when there is no anomaly (recall is undefined) or a score is NaN.
 */
export function precisionRecall(
  scores: ArrayLike<number>,
  isAnomaly: ArrayLike<boolean | number>,
): PrecisionRecall {
  const c = check(scores, isAnomaly, 'precisionRecall');
  if (c.positives === 0) {
    throw new Error(
      `precisionRecall: needs at least one anomalous image, got ${c.negatives} normal and none anomalous; recall is undefined`,
    );
  }
  const precision: number[] = [];
  const recall: number[] = [];
  const thresholds: number[] = [];
  let averagePrecision = 0;
  let lastRecall = 0;
  for (const s of thresholdSteps(c)) {
    const p = s.tp / (s.tp + s.fp);
    const r = s.tp / c.positives;
    averagePrecision += (r - lastRecall) * p;
    lastRecall = r;
    precision.push(p);
    recall.push(r);
    thresholds.push(s.threshold);
  }
  return { precision, recall, thresholds, averagePrecision };
}
