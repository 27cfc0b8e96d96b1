import { checkKeys, type Head } from '@aecnn/layers';
import { addedTerm, functionTerm, type NamedLoss, namedTerm, pseudoTerm, type Term } from './loss-terms';
import type { LossFn } from './losses';
import { type MetricFn, TRAIN_METRICS, type TrainMetric } from './metrics';

/** Loss on the reconstruction head. */
export type ReconstructionLoss = 'mse' | 'bce' | 'bceSum';

/** The fusion loss `a * reconstruction + b * classification`; the class term counts only labeled images. */
export interface FusionLoss {
  readonly kind: 'fusion';
  /** Reconstruction term. Default 'mse'. */
  readonly reconstruction?: ReconstructionLoss;
  /** Weight of the reconstruction term. Default 1. */
  readonly a?: number;
  /** Weight of the classification term. Default 1. */
  readonly b?: number;
}

/** The loss of one output: a built-in name or a function `(yTrue, yPred) => scalar or [batch]`. */
export type OutputLoss = NamedLoss | LossFn;

/**
 * What to minimise: 'mse' / 'bce' / 'bceSum' on `reconstruction`, 'crossEntropy' on `logits`, the fusion of both, a function
 * on the model's one output, or a record of losses keyed by output name (`{ reconstruction: 'bce', logits: fn }`).
 */
export type LossSpec =
  | ReconstructionLoss
  | 'crossEntropy'
  | FusionLoss
  | LossFn
  | Readonly<Record<string, OutputLoss>>;

/** A loss term's name, as it appears in errors, histories and events (`reconstruction`, `classification`, `pseudo`, an output's or an added loss's name). */
export type TermName = string;

/** A resolved loss: the outputs it reads and its terms (their sum is the loss). */
export interface Objective {
  /** Outputs the loss terms read. */
  readonly outputs: readonly Head[];
  /** What to ask forward for: `outputs` and the model's added losses. */
  readonly heads: readonly Head[];
  readonly terms: readonly Term[];
  /** The output of the first classification loss (else `logits` when a term reads it): accuracy and pseudo-labels use it. */
  readonly classOutput?: Head;
}

/** What resolveLoss knows about the model, and per-output weights. */
export interface LossContext {
  /** The model's outputs (`Model.outputNames`). */
  readonly outputs?: readonly Head[];
  /** Loss terms the model adds (`Model.lossNames`); each becomes a term of the objective. */
  readonly lossNames?: readonly string[];
  /** Weight per output (or added loss) name. Default 1. */
  readonly lossWeights?: Readonly<Record<string, number>>;
}

const NAMED: readonly string[] = Object.freeze(['mse', 'bce', 'bceSum', 'crossEntropy']);
const RECONSTRUCTION: readonly string[] = Object.freeze(['mse', 'bce', 'bceSum']);

function checkWeight(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new Error(`loss: weight '${name}' must be a finite number >= 0, got ${String(v)}`);
  }
  return v;
}

/** Adds the pseudo-label term (weight `weight`) to an objective that has a classification output. */
export function withPseudoLabels(objective: Objective, weight: number): Objective {
  const output = objective.classOutput;
  if (output === undefined) {
    throw new Error(
      `pseudoLabels: the loss must have a classification ('crossEntropy') output, but it uses ${objective.outputs.join(', ')}`,
    );
  }
  return { ...objective, terms: [...objective.terms, pseudoTerm(output, weight)] };
}

// The only output a single function loss can mean: one output besides `latent` and the added losses.
function onlyOutput(ctx: LossContext): Head {
  const candidates = (ctx.outputs ?? []).filter((o) => o !== 'latent' && !(ctx.lossNames ?? []).includes(o));
  if (candidates.length !== 1) {
    throw new Error(
      `loss: a loss function needs a model with one output, this one has ${candidates.join(', ') || 'none'}; give a record keyed by output name, e.g. { ${candidates[0] ?? 'reconstruction'}: fn }`,
    );
  }
  return candidates[0]!;
}

function outputTerm(output: Head, loss: OutputLoss, weight: number, name = output): Term {
  if (typeof loss === 'function') return functionTerm(name, output, loss, weight);
  if (!NAMED.includes(loss)) {
    throw new Error(
      `loss: the loss of output '${output}' must be 'mse', 'bce', 'bceSum', 'crossEntropy' or a function (yTrue, yPred) => Tensor, got ${JSON.stringify(loss)}`,
    );
  }
  return namedTerm(name, output, loss, weight);
}

// The spec's own terms, before lossWeights and the model's added terms.
function specTerms(spec: LossSpec, ctx: LossContext, w: (output: Head) => number): Term[] {
  if (typeof spec === 'string' && RECONSTRUCTION.includes(spec))
    return [namedTerm('reconstruction', 'reconstruction', spec as ReconstructionLoss, w('reconstruction'))];
  if (spec === 'crossEntropy') return [namedTerm('classification', 'logits', spec, w('logits'))];
  if (typeof spec === 'function') return [outputTerm(onlyOutput(ctx), spec, w(onlyOutput(ctx)))];
  if (spec && typeof spec === 'object' && (spec as FusionLoss).kind === 'fusion') {
    const f = spec as FusionLoss;
    checkKeys(f, ['kind', 'reconstruction', 'a', 'b'], 'loss (fusion)');
    const recon = f.reconstruction ?? 'mse';
    if (!RECONSTRUCTION.includes(recon)) {
      throw new Error(
        `loss: fusion reconstruction must be 'mse', 'bce' or 'bceSum', got ${JSON.stringify(recon)}`,
      );
    }
    const a = checkWeight(f.a ?? 1, 'a');
    const b = checkWeight(f.b ?? 1, 'b');
    return [
      namedTerm('reconstruction', 'reconstruction', recon, a * w('reconstruction')),
      namedTerm('classification', 'logits', 'crossEntropy', b * w('logits')),
    ];
  }
  if (spec && typeof spec === 'object' && !Array.isArray(spec) && Object.keys(spec).length > 0) {
    const outputs = ctx.outputs;
    return Object.entries(spec as Record<string, OutputLoss>).map(([output, loss]) => {
      if (outputs && !outputs.includes(output)) {
        throw new Error(
          `loss: the record names output '${output}', but the model returns ${outputs.join(', ')}`,
        );
      }
      return outputTerm(output, loss, w(output));
    });
  }
  throw new Error(
    `loss: expected 'mse', 'bce', 'bceSum', 'crossEntropy', { kind: 'fusion', reconstruction?, a?, b? }, a function (yTrue, yPred) => Tensor or a record of those by output name, got ${JSON.stringify(spec)}`,
  );
}

/** Checks a loss spec against the model's outputs and turns it into an Objective (the model's added losses included). */
export function resolveLoss(spec: LossSpec, ctx: LossContext = {}): Objective {
  const weights = ctx.lossWeights ?? {};
  const added = ctx.lossNames ?? [];
  const w = (name: Head) => checkWeight(weights[name] ?? 1, name);
  const own = specTerms(spec, ctx, w);
  const outputs = [...new Set(own.map((t) => t.output))];
  checkKeys(weights, [...outputs, ...added], 'lossWeights');
  const terms = [...own, ...added.map((name) => addedTerm(name, w(name)))];
  const names = terms.map((t) => t.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined)
    throw new Error(`loss: two loss terms are named '${twice}'; rename the model's added loss`);
  const classIndex = own.findIndex((t) => isClassification(spec, t));
  // Without a crossEntropy term, a loss on `logits` (e.g. a function) still gets accuracy there.
  const classOutput =
    classIndex >= 0 ? own[classIndex]!.output : outputs.includes('logits') ? 'logits' : undefined;
  return {
    outputs,
    heads: [...outputs, ...added.filter((n) => !outputs.includes(n))],
    terms,
    ...(classOutput !== undefined ? { classOutput } : {}),
  };
}

function isClassification(spec: LossSpec, t: Term): boolean {
  if (spec === 'crossEntropy' || (typeof spec === 'object' && (spec as FusionLoss).kind === 'fusion')) {
    return t.name === 'classification';
  }
  return typeof spec === 'object' && (spec as Record<string, OutputLoss>)[t.output] === 'crossEntropy';
}

/**
 * The default loss for a model with the given heads: fusion for both, mse for reconstruction, crossEntropy for
 * logits; a model that adds a `kl` term (a VAE) gets 'bceSum', the pixel likelihood its KL in nats is weighed against.
 */
export function defaultLoss(heads: readonly Head[], lossNames: readonly string[] = []): LossSpec {
  const r = heads.includes('reconstruction');
  const c = heads.includes('logits');
  if (r && c) return { kind: 'fusion' };
  if (r) return lossNames.includes('kl') ? 'bceSum' : 'mse';
  if (c) return 'crossEntropy';
  throw new Error(
    `loss: the model returns neither 'reconstruction' nor 'logits' (got ${heads.join(', ') || 'nothing'}); give options.loss`,
  );
}

/**
 * Checks metric functions `{ name, output, fn }` against the model's outputs and turns them into terms (weight 1,
 * outside the loss). `where` ('fit', 'evaluate') starts the errors.
 */
export function metricTerms(specs: readonly unknown[], outputs: readonly Head[], where: string): Term[] {
  const terms: Term[] = [];
  for (const m of specs) {
    if (!m || typeof m !== 'object' || typeof (m as MetricFn).fn !== 'function') {
      throw new Error(
        `${where}: unknown metric ${JSON.stringify(m)}; expected one of ${TRAIN_METRICS.join(', ')} or { name, output, fn }`,
      );
    }
    checkKeys(m, ['name', 'output', 'fn'], `${where}: metric`);
    const { name, output, fn } = m as MetricFn;
    if (typeof name !== 'string' || name === '' || TRAIN_METRICS.includes(name as TrainMetric)) {
      throw new Error(
        `${where}: a metric function needs a name other than ${TRAIN_METRICS.join(', ')}, got ${JSON.stringify(name)}`,
      );
    }
    if (terms.some((t) => t.name === name)) throw new Error(`${where}: two metrics are named '${name}'`);
    if (!outputs.includes(output)) {
      throw new Error(
        `${where}: metric '${name}' reads output '${output}', but the model returns ${outputs.join(', ')}`,
      );
    }
    terms.push(functionTerm(name, output, fn, 1));
  }
  return terms;
}
