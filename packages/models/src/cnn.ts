import {
  checkInt,
  checkIntList,
  checkKeys,
  checkRate,
  conv2d,
  dense,
  dropout,
  flatten,
  input,
  type LayerSpec,
  type Module,
  maxPool2d,
  optionError,
  type Shape,
  sequential,
} from '@aecnn/layers';
import { type AecnnModel, buildModelGraph } from './model';
import { checkClasses, checkInputShape, checkKernelFits, checkOneOf, seedOption } from './options';
import { type Padding, type Size2, windowOutputSize } from './shapes';

/** One conv block of a CNN: conv(relu), then max pooling unless `pool` is 1. */
export interface CnnBlock {
  readonly filters: number;
  /** Square kernel size (default 3). */
  readonly kernelSize?: number;
  /** `same` (default) keeps the size; `valid` shrinks it by kernelSize - 1. */
  readonly padding?: Padding;
  /** Max-pooling window and stride (default 2; 1 = no pooling). */
  readonly pool?: number;
}

/** Options of `cnn`. */
export interface CnnOptions {
  /** [height, width, channels] without batch. */
  readonly inputShape: Shape;
  /** Number of classes (default 10); logits out, the softmax belongs to the loss. */
  readonly classes?: number;
  /** Conv blocks (default [{ filters: 32 }, { filters: 64 }]). */
  readonly blocks?: readonly CnnBlock[];
  /** Hidden dense units after flatten (default [128]); the last one is the latent. */
  readonly dense?: readonly number[];
  /** Dropout rate before the logits layer (default 0.25; 0 = none). */
  readonly dropout?: number;
  /** Seed of the weight initialisation (default: random). */
  readonly seed?: number;
}

/** Resolved JSON config of a CNN. */
export interface CnnConfig {
  readonly kind: 'cnn';
  readonly inputShape: number[];
  readonly classes: number;
  readonly blocks: Required<CnnBlock>[];
  readonly dense: number[];
  readonly dropout: number;
  readonly seed?: number;
  readonly [key: string]: unknown;
}

/** What `cnn` returns: the feature encoder, the classifier head and the model. */
export interface Cnn {
  /** Conv blocks → flatten → hidden dense: [b, h, w, c] → [b, latent]. */
  readonly encoder: Module;
  /** Dropout → dense(classes): [b, latent] → [b, classes]. */
  readonly classifier: Module;
  /** forward → { latent, logits }. */
  readonly model: AecnnModel;
}

const KNOWN = ['inputShape', 'classes', 'blocks', 'dense', 'dropout', 'seed'] as const;
const BLOCK_KEYS = ['filters', 'kernelSize', 'padding', 'pool'] as const;

function resolveBlock(where: string, block: unknown, i: number): Required<CnnBlock> {
  const at = `${where} blocks[${i}]`;
  if (block == null || typeof block !== 'object')
    throw optionError(where, `blocks[${i}]`, 'an object like { filters: 32 }', block);
  checkKeys(block, BLOCK_KEYS, at);
  const b = block as CnnBlock;
  return {
    filters: checkInt(at, 'filters', b.filters),
    kernelSize: checkInt(at, 'kernelSize', b.kernelSize ?? 3),
    padding: checkOneOf(at, 'padding', b.padding ?? 'same', ['same', 'valid'] as const),
    pool: checkInt(at, 'pool', b.pool ?? 2),
  };
}

/** Checks CNN options and fills in defaults; throws naming the bad option. */
export function resolveCnn(options: CnnOptions, where = 'cnn'): CnnConfig {
  if (options == null || typeof options !== 'object')
    throw new Error(`${where}: expected an options object, got ${options}`);
  checkKeys(options, KNOWN, where);
  const inputShape = checkInputShape(where, options.inputShape, 3);
  const blocksIn = options.blocks ?? [{ filters: 32 }, { filters: 64 }];
  if (!Array.isArray(blocksIn))
    throw optionError(where, 'blocks', 'a list of { filters, kernelSize?, padding?, pool? }', blocksIn);
  const blocks = blocksIn.map((b, i) => resolveBlock(where, b, i));
  // Walk the sizes now, so that a kernel or pool larger than its input fails here and not deep in a build.
  let size: Size2 = [inputShape[0]!, inputShape[1]!];
  blocks.forEach((b, i) => {
    checkKernelFits(where, b.kernelSize, size, `block ${i + 1}`);
    size = [
      windowOutputSize(size[0], b.kernelSize, 1, b.padding),
      windowOutputSize(size[1], b.kernelSize, 1, b.padding),
    ];
    if (b.pool > size[0] || b.pool > size[1]) {
      throw new Error(
        `${where}: pool ${b.pool} of block ${i + 1} is larger than its ${size[0]}x${size[1]} input; use a smaller pool or fewer blocks`,
      );
    }
    size = [Math.floor(size[0] / b.pool), Math.floor(size[1] / b.pool)];
  });
  return {
    kind: 'cnn',
    inputShape,
    classes: checkClasses(where, options.classes ?? 10),
    blocks,
    dense: checkIntList(where, 'dense', options.dense ?? [128], 1, true),
    dropout: checkRate(where, 'dropout', options.dropout ?? 0.25),
    ...seedOption(where, options.seed),
  };
}

/** The encoder spec of a resolved CNN config. */
function encoderSpec(c: CnnConfig): LayerSpec {
  const blocks = c.blocks.flatMap((b, i) => [
    conv2d({
      filters: b.filters,
      kernelSize: b.kernelSize,
      padding: b.padding,
      activation: 'relu',
      name: `conv${i + 1}`,
    }),
    ...(b.pool > 1 ? [maxPool2d({ poolSize: b.pool, name: `pool${i + 1}` })] : []),
  ]);
  const hidden = c.dense.map((units, j) => dense({ units, activation: 'relu', name: `dense${j + 1}` }));
  return sequential([...blocks, flatten({ name: 'flatten' }), ...hidden], { name: 'encoder' });
}

/** A classifier head: dropout (if any) → hidden dense(relu) layers → dense(classes) logits. */
export function classifierSpec(classes: number, hidden: readonly number[], rate: number): LayerSpec {
  return sequential(
    [
      ...(rate > 0 ? [dropout({ rate, name: 'dropout' })] : []),
      ...hidden.map((units, j) => dense({ units, activation: 'relu', name: `dense${j + 1}` })),
      dense({ units: classes, name: 'logits' }),
    ],
    { name: 'classifier' },
  );
}

/**
 * A CNN classifier: `{ encoder, classifier, model }`; `model.forward(x)` → `{ latent, logits }` (logits: the
 * softmax belongs to the loss). Example: `cnn({ inputShape: [28, 28, 1], classes: 10 })`.
 */
export function cnn(options: CnnOptions): Cnn {
  const config = resolveCnn(options);
  const image = input(config.inputShape, { name: 'image' });
  const latent = encoderSpec(config).apply(image);
  const logits = classifierSpec(config.classes, [], config.dropout).apply(latent);
  const model = buildModelGraph('cnn', image, { latent, logits }, config.seed);
  return { encoder: model.modules.encoder!, classifier: model.modules.classifier!, model };
}
