import { LEAKY_ALPHA, type Module } from '@aecnn/layers';
import type { LeafEmitter } from './graph-walk';
import { float, type OnnxGraph, type OnnxValue, valueIn } from './onnx-graph';
import { EXPORTABLE_KINDS } from './to-keras';

/** Layer kinds `toOnnx` exports (dropout and gaussianNoise drop out; vaeSample exports its inference form). */
export const ONNX_KINDS = Object.freeze([...EXPORTABLE_KINDS, 'gaussianNoise', 'vaeSample']);

type Config = Record<string, unknown>;

/** Begin/end pads of one spatial axis, as TF pads 'same' (the odd pixel at the end); 0 for 'valid'. */
function axisPads(padding: unknown, size: number, out: number, kernel: number, stride: number, dilation = 1) {
  if (padding !== 'same') return [0, 0] as const;
  const total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)] as const;
}

/** ONNX `pads` ([top, left, bottom, right]) of a conv or pool window over `m`'s input. */
function windowPads(m: Module, kernel: readonly number[], strides: readonly number[], dilation = [1, 1]) {
  const c = m.config as Config;
  const [h, w] = m.inputShape;
  const [oh, ow] = m.outputShape;
  const [t, b] = axisPads(c.padding, h!, oh!, kernel[0]!, strides[0]!, dilation[0]);
  const [l, r] = axisPads(c.padding, w!, ow!, kernel[1]!, strides[1]!, dilation[1]);
  return [t, l, b, r];
}

/** The values of `t` permuted from axes order `from` (its shape) by `perm`, as a flat array. */
function permuted(t: { shape: number[]; dataSync(): ArrayLike<number> }, perm: readonly number[]) {
  const src = t.dataSync();
  const shape = t.shape;
  const dims = perm.map((p) => shape[p]!);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(src.length);
  const idx = new Array<number>(dims.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let s = 0;
    for (let k = 0; k < dims.length; k++) s += idx[k]! * strides[perm[k]!]!;
    out[o] = src[s]!;
    for (let k = dims.length - 1; k >= 0 && ++idx[k]! === dims[k]; k--) idx[k] = 0;
  }
  return { dims, values: out };
}

/** Emits aecnn leaves as ONNX nodes; a module called twice (shared) reuses its constants. */
export class OnnxEmitter implements LeafEmitter<OnnxValue> {
  private readonly constants = new Map<Module, Map<string, string>>();

  constructor(private readonly g: OnnxGraph) {}

  /** Constant `key` of module `m`, made once by `make`. */
  private once(m: Module, key: string, make: () => string): string {
    const own = this.constants.get(m) ?? new Map<string, string>();
    this.constants.set(m, own);
    const name = own.get(key) ?? make();
    own.set(key, name);
    return name;
  }

  /** Parameter `name` of `m` as a constant, its axes reordered by `perm` (default as stored). */
  private param(m: Module, at: string, name: string, perm?: readonly number[]): string {
    return this.once(m, name, () => {
      const t = m.params[name]!;
      if (!perm) return this.g.floats(`${at}/${name}`, t.shape, t.dataSync());
      const { dims, values } = permuted(t, perm);
      return this.g.floats(`${at}/${name}`, dims, values);
    });
  }

  /** Applies activation `fn` to the tensor named `x` (in any layout unless softmax, which needs channels last). */
  activate(fn: string, x: string, at: string): string {
    const g = this.g;
    switch (fn) {
      case 'linear':
        return x;
      case 'relu':
        return g.node('Relu', [x], at);
      case 'leakyRelu':
        return g.node('LeakyRelu', [x], at, { alpha: float(LEAKY_ALPHA) });
      case 'elu':
        return g.node('Elu', [x], at, { alpha: float(1) });
      case 'sigmoid':
        return g.node('Sigmoid', [x], at);
      case 'tanh':
        return g.node('Tanh', [x], at);
      case 'softmax':
        return g.node('Softmax', [x], at, { axis: -1 });
      case 'gelu': {
        if (g.opset >= 20) return g.node('Gelu', [x], at);
        const erf = g.node(
          'Erf',
          [g.node('Mul', [x, g.floats(`${at}/sqrt1_2`, [], [Math.SQRT1_2])], at)],
          at,
        );
        const half = g.node('Mul', [x, g.floats(`${at}/half`, [], [0.5])], at);
        return g.node('Mul', [half, g.node('Add', [erf, g.floats(`${at}/one`, [], [1])], at)], at);
      }
      default:
        throw new Error(`toOnnx: '${at}': activation '${fn}' has no ONNX form`);
    }
  }

  /** An activation on image or vector value `v` (softmax on channels last; others keep v's layout). */
  private activated(fn: string, v: OnnxValue, at: string): OnnxValue {
    if (fn === 'linear') return v;
    const layout = fn === 'softmax' ? 'nhwc' : this.g.sharedLayout([v]);
    return valueIn(layout, this.activate(fn, this.g.in(v, layout, at), at), v.shape);
  }

  leaf(m: Module, path: string, inputs: readonly OnnxValue[]): OnnxValue {
    const g = this.g;
    const c = m.config as Config;
    const at = path.replace(/^\//, '') || m.kind;
    const x = inputs[0]!;
    const out = m.outputShape;
    switch (m.kind) {
      case 'dense': {
        const w = this.param(m, at, 'kernel');
        const bias = m.params.bias ? this.param(m, at, 'bias') : undefined;
        const xs = g.nhwc(x, at);
        const y =
          x.shape.length === 1
            ? g.node('Gemm', bias ? [xs, w, bias] : [xs, w], at)
            : bias
              ? g.node('Add', [g.node('MatMul', [xs, w], at), bias], at)
              : g.node('MatMul', [xs, w], at);
        return valueIn('nhwc', this.activate(String(c.activation ?? 'linear'), y, at), out);
      }
      case 'conv2d':
      case 'conv2dTranspose': {
        const transpose = m.kind === 'conv2dTranspose';
        const k = m.params.kernel!.shape; // [kh, kw, in, out] (conv2d) or [kh, kw, out, in] (transpose)
        const w = this.param(m, at, 'kernel', [3, 2, 0, 1]); // ONNX [out, in, kh, kw] / [in, out, kh, kw]
        const strides = c.strides as number[];
        const dilations = (c.dilation as number[] | undefined) ?? [1, 1];
        const inputs = [g.nchw(x, at), w, ...(m.params.bias ? [this.param(m, at, 'bias')] : [])];
        const attrs: Record<string, number[]> = { kernel_shape: [k[0]!, k[1]!], strides, dilations };
        if (!transpose) attrs.pads = windowPads(m, k, strides, dilations);
        else {
          // NOTE: TF's 'same' transposed conv crops max(k - s, 0) pixels, the odd one at the end; when the kernel
          // is smaller than the stride it is one output_padding short of in * s instead.
          const same = c.padding === 'same';
          const crop = (i: number) => (same ? Math.max(k[i]! - strides[i]!, 0) : 0);
          const [ch, cw] = [crop(0), crop(1)];
          attrs.pads = [
            Math.floor(ch / 2),
            Math.floor(cw / 2),
            ch - Math.floor(ch / 2),
            cw - Math.floor(cw / 2),
          ];
          attrs.output_padding = [0, 1].map((i) => (same ? Math.max(strides[i]! - k[i]!, 0) : 0));
        }
        const y = g.node(transpose ? 'ConvTranspose' : 'Conv', inputs, at, attrs);
        return this.activated(String(c.activation ?? 'linear'), valueIn('nchw', y, out), at);
      }
      case 'maxPool2d':
      case 'avgPool2d': {
        const kernel = c.poolSize as number[];
        const strides = (c.strides as number[] | undefined) ?? kernel;
        const attrs: Record<string, number | number[]> = {
          kernel_shape: kernel,
          strides,
          pads: windowPads(m, kernel, strides),
        };
        if (m.kind === 'avgPool2d') attrs.count_include_pad = 0;
        const op = m.kind === 'maxPool2d' ? 'MaxPool' : 'AveragePool';
        return valueIn('nchw', g.node(op, [g.nchw(x, at)], at, attrs), out);
      }
      case 'upSampling2d': {
        const [sh, sw] = c.size as number[];
        const scales = g.floats(`${at}/scales`, [4], [1, 1, sh!, sw!]);
        const attrs: Record<string, string> =
          c.interpolation === 'bilinear'
            ? { mode: 'linear', coordinate_transformation_mode: 'half_pixel' }
            : { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' };
        return valueIn('nchw', g.node('Resize', [g.nchw(x, at), '', scales], at, attrs), out);
      }
      case 'flatten':
      case 'reshape': {
        const shape = g.ints(`${at}/shape`, [-1, ...out]);
        return valueIn('nhwc', g.node('Reshape', [g.nhwc(x, at), shape], at), out);
      }
      case 'dropout':
      case 'gaussianNoise':
        return x;
      case 'vaeSample':
        // NOTE: at inference a VAE's sample is its mean (see vaeSample in @aecnn/models); logVar drops out.
        return x;
      case 'batchNorm':
        return this.batchNorm(m, at, x, c);
      case 'activation':
        return this.activated(String(c.activation), x, at);
      case 'cropping2d':
      case 'zeroPadding2d':
        return this.cropPad(m, at, x, c);
      case 'add':
      case 'subtract':
      case 'multiply':
      case 'average':
      case 'concatenate':
        return this.merge(m, at, inputs, c);
      default:
        throw new Error(
          `toOnnx: layer '${at}' of kind '${m.kind}' has no ONNX form; exportable kinds: ${ONNX_KINDS.join(', ')}`,
        );
    }
  }

  private batchNorm(m: Module, at: string, x: OnnxValue, c: Config): OnnxValue {
    const g = this.g;
    const eps = Number(c.epsilon ?? 1e-3);
    if (x.shape.length === 3 || x.shape.length === 1) {
      const names = ['gamma', 'beta', 'movingMean', 'movingVariance'].map((p) => this.param(m, at, p));
      const layout = x.shape.length === 3 ? 'nchw' : 'nhwc';
      const y = g.node('BatchNormalization', [g.in(x, layout, at), ...names], at, { epsilon: float(eps) });
      return valueIn(layout, y, x.shape);
    }
    // Other ranks: channels last, folded into y = x * a + b.
    const v = (p: string) => m.params[p]!.dataSync();
    const [gamma, beta, mean, variance] = [v('gamma'), v('beta'), v('movingMean'), v('movingVariance')];
    const a = Array.from(gamma, (s, i) => s / Math.sqrt(variance[i]! + eps));
    const b = Array.from(beta, (s, i) => s - mean[i]! * a[i]!);
    const scaled = g.node('Mul', [g.nhwc(x, at), g.floats(`${at}/scale`, [a.length], a)], at);
    return valueIn('nhwc', g.node('Add', [scaled, g.floats(`${at}/offset`, [b.length], b)], at), x.shape);
  }

  private cropPad(m: Module, at: string, x: OnnxValue, c: Config): OnnxValue {
    const g = this.g;
    const layout = g.sharedLayout([x]);
    const [hAxis, wAxis] = layout === 'nchw' ? [2, 3] : [1, 2];
    const [[top, bottom], [left, right]] = (m.kind === 'cropping2d'
      ? c.cropping
      : c.padding) as number[][] as [[number, number], [number, number]];
    const xs = g.in(x, layout, at);
    if (m.kind === 'cropping2d') {
      const [h, w] = x.shape;
      const starts = g.ints(`${at}/starts`, [top, left]);
      const ends = g.ints(`${at}/ends`, [h! - bottom, w! - right]);
      const axes = g.ints(`${at}/axes`, [hAxis, wAxis]);
      return valueIn(layout, g.node('Slice', [xs, starts, ends, axes], at), m.outputShape);
    }
    const begin = [0, 0, 0, 0];
    const end = [0, 0, 0, 0];
    [begin[hAxis], begin[wAxis], end[hAxis], end[wAxis]] = [top, left, bottom, right];
    const pads = g.ints(`${at}/pads`, [...begin, ...end]);
    return valueIn(layout, g.node('Pad', [xs, pads], at, { mode: 'constant' }), m.outputShape);
  }

  private merge(m: Module, at: string, inputs: readonly OnnxValue[], c: Config): OnnxValue {
    const g = this.g;
    const layout = g.sharedLayout(inputs);
    const xs = inputs.map((v) => g.in(v, layout, at));
    const out = m.outputShape;
    if (m.kind === 'concatenate') {
      const rank = inputs[0]!.shape.length;
      const axis = Number(c.axis ?? -1);
      const a = axis < 0 ? rank + 1 + axis : axis; // channels-last axis, batch = 0
      const onnxAxis = layout === 'nchw' ? ([0, 2, 3, 1][a] ?? a) : a;
      return valueIn(layout, g.node('Concat', xs, at, { axis: onnxAxis }), out);
    }
    if (m.kind === 'average') return valueIn(layout, g.node('Mean', xs, at), out);
    const op = { add: 'Add', subtract: 'Sub', multiply: 'Mul' }[m.kind]!;
    return valueIn(
      layout,
      xs.slice(1).reduce((a, b) => g.node(op, [a, b], at), xs[0]!),
      out,
    );
  }
}
