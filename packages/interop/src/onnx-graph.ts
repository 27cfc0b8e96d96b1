import { UniqueNames } from './graph-walk';
import { ONNX_FLOAT, ONNX_INT64, type OnnxAttribute, type OnnxNode, type OnnxTensor } from './onnx-proto';

/**
 * One tensor of the graph being built: its shape without the batch dimension (as aecnn sees it, channels last)
 * and its name in NHWC and/or NCHW layout. Image tensors (rank 3 without batch) move to NCHW for the ops that need
 * it (Conv, pooling, Resize, BatchNormalization) and back on demand, each transpose made once.
 */
export interface OnnxValue {
  readonly shape: readonly number[];
  nhwc?: string;
  nchw?: string;
}

/** An attribute value: a number is an INT unless `float` wraps it; arrays are INTS (or FLOATS via `floats`). */
type AttrValue = number | number[] | string | { float: number };

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

function attribute(name: string, v: AttrValue): OnnxAttribute {
  if (typeof v === 'number') return { name, type: 2, i: v };
  if (typeof v === 'string') return { name, type: 3, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: 7, ints: v };
  return { name, type: 1, f: v.float };
}

/** Builds the node list and constants of one ONNX graph with unique names. */
export class OnnxGraph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly used = new UniqueNames(/[^A-Za-z0-9_.]+/g);

  constructor(readonly opset: number) {}

  /** A name not used yet, from `base` (path separators become underscores). */
  unique(base: string): string {
    return this.used.take(base, 'value');
  }

  /** Adds node `op` on `inputs` ('' for an omitted optional input); returns its output's name. */
  node(op: string, inputs: readonly string[], at: string, attrs: Record<string, AttrValue> = {}): string {
    const out = this.unique(`${at}/${op}`);
    this.nodes.push({
      name: out,
      opType: op,
      input: [...inputs],
      output: [out],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  /** Adds a float32 constant; returns its name. */
  floats(at: string, dims: readonly number[], values: ArrayLike<number>): string {
    const data = Float32Array.from(values);
    return this.constant(at, dims, ONNX_FLOAT, new Uint8Array(data.buffer));
  }

  /** Adds a 1-D int64 constant (shapes, pads, axes); returns its name. */
  ints(at: string, values: readonly number[]): string {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    return this.constant(at, [values.length], ONNX_INT64, new Uint8Array(data.buffer));
  }

  private constant(at: string, dims: readonly number[], dataType: number, rawData: Uint8Array): string {
    const name = this.unique(at);
    this.initializers.push({ name, dims: [...dims], dataType, rawData });
    return name;
  }

  /** `v` in NHWC (its only layout unless it is an image), transposing once if it is only in NCHW. */
  nhwc(v: OnnxValue, at: string): string {
    v.nhwc ??= this.node('Transpose', [v.nchw!], at, { perm: TO_NHWC });
    return v.nhwc;
  }

  /** Image `v` in NCHW, transposing once if it is only in NHWC. */
  nchw(v: OnnxValue, at: string): string {
    v.nchw ??= this.node('Transpose', [v.nhwc!], at, { perm: TO_NCHW });
    return v.nchw;
  }

  /** The layout the values all have already, NCHW first (elementwise ops take either); NHWC when they differ. */
  sharedLayout(values: readonly OnnxValue[]): 'nchw' | 'nhwc' {
    return values.every((v) => v.shape.length === 3 && v.nchw !== undefined) ? 'nchw' : 'nhwc';
  }

  /** `v` in `layout`. */
  in(v: OnnxValue, layout: 'nchw' | 'nhwc', at: string): string {
    return layout === 'nchw' ? this.nchw(v, at) : this.nhwc(v, at);
  }
}

/** A new value of `shape` named `name` in `layout`. */
export function valueIn(layout: 'nchw' | 'nhwc', name: string, shape: readonly number[]): OnnxValue {
  return layout === 'nchw' ? { shape, nchw: name } : { shape, nhwc: name };
}

/** The float attribute form of `x`. */
export const float = (x: number): { float: number } => ({ float: x });
