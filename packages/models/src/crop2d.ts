import { type BuildContext, checkKeys, type LayerSpec, layer, type Module, type Shape } from '@aecnn/layers';
import { slice, type Tensor, tidy } from '@tensorflow/tfjs-core';

/** Options of crop2d: rows dropped at the bottom and columns dropped at the right. */
export interface Crop2dOptions {
  readonly bottom: number;
  readonly right: number;
  readonly name?: string;
}

function outputShapeOf(kind: string, path: string, inputShape: Shape, o: Crop2dOptions): Shape {
  const [h, w, c] = inputShape;
  if (inputShape.length !== 3 || h === undefined || w === undefined || c === undefined) {
    throw new Error(
      `${kind} (${path}): expected input [batch, height, width, channels], got [batch, ${inputShape.join(', ')}]`,
    );
  }
  if (o.bottom >= h || o.right >= w) {
    throw new Error(`${kind} (${path}): cannot crop ${o.bottom}x${o.right} from a ${h}x${w} input`);
  }
  return [h - o.bottom, w - o.right, c];
}

/**
 * Drops the last `bottom` rows and `right` columns of an NHWC batch: [b, h, w, c] → [b, h - bottom, w - right, c].
 * A decoder uses it where the encoder rounded an odd size up (7 → 4 → 8, cropped back to 7).
 * NOTE: local to @aecnn/models (layers has no cropping layer); models rebuild from their own config, so
 * layers' `fromConfig` never has to know this kind.
 */
export function crop2d(options: Crop2dOptions): LayerSpec<Crop2dOptions> {
  checkKeys(options, ['bottom', 'right', 'name'], 'crop2d');
  const { bottom, right } = options;
  for (const [key, v] of [
    ['bottom', bottom],
    ['right', right],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`crop2d: ${key} must be an integer >= 0, got ${v}`);
  }
  const o: Crop2dOptions = Object.freeze({ ...options });
  return layer({
    kind: 'crop2d',
    options: o,
    outputShape: (inputShape) => outputShapeOf('crop2d', '', inputShape, o),
    build(inputShape: Shape, ctx: BuildContext): Module {
      const outputShape = outputShapeOf('crop2d', ctx.path, inputShape, o);
      const [h, w] = outputShape as [number, number, number];
      return {
        kind: 'crop2d',
        config: { kind: 'crop2d', ...o },
        inputShape: Object.freeze([...inputShape]),
        outputShape: Object.freeze([...outputShape]),
        params: Object.freeze({}),
        children: Object.freeze({}),
        apply(x: Tensor): Tensor {
          const s = x.shape;
          if (s.length !== 4 || s[1] !== inputShape[0] || s[2] !== inputShape[1] || s[3] !== inputShape[2]) {
            throw new Error(
              `crop2d (${ctx.path}): expected input [batch, ${inputShape.join(', ')}], got [${s.join(', ')}]`,
            );
          }
          return tidy(() => slice(x, [0, 0, 0, 0], [-1, h, w, -1]));
        },
      };
    },
  });
}

/**
 * The layer kinds @aecnn/models adds to @aecnn/layers, for rebuilding a model's modules from their configs:
 * `fromConfig(config, shape, { kinds: MODEL_LAYER_KINDS })`, `loadModules(source, { kinds: MODEL_LAYER_KINDS })`.
 */
export const MODEL_LAYER_KINDS: Readonly<Record<string, (options: never) => LayerSpec>> = Object.freeze({
  crop2d: crop2d as (options: never) => LayerSpec,
});
