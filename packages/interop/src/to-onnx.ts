import { checkKeys, type GraphModule, isGraphModule, type Module } from '@aecnn/layers';
import { chosenOutputs } from './export';
import { walkChain, walkGraph } from './graph-walk';
import { OnnxGraph, type OnnxValue } from './onnx-graph';
import { OnnxEmitter } from './onnx-ops';
import { encodeOnnx, ONNX_FLOAT, type OnnxModel, type OnnxValueInfo } from './onnx-proto';

/** Options of toOnnx. */
export interface OnnxOptions {
  /** ONNX opset, 13 to 21 (default 17, which onnx 1.12 and every onnxruntime since 1.14 read). */
  opset?: number;
  /** Graph outputs to export, in this order (default: every output of the graph). */
  outputs?: readonly string[];
  /** Append a softmax to the `logits` output, exported as `probabilities` (default false). */
  softmax?: boolean;
  /** Graph name in the file (default: the graph's name, e.g. the factory kind, or 'sequential'). */
  name?: string;
}

const ONNX_KEYS = ['opset', 'outputs', 'softmax', 'name'];
/** The opsets toOnnx writes. */
export const ONNX_OPSETS = Object.freeze({ min: 13, max: 21, default: 17 });
/** The ONNX IR version of each opset (onnx's VERSION_TABLE). */
const IR_VERSION: Readonly<Record<number, number>> = {
  13: 7,
  14: 7,
  15: 8,
  16: 8,
  17: 8,
  18: 8,
  19: 9,
  20: 9,
  21: 10,
};

function checkOpset(opset: unknown): number {
  if (
    typeof opset !== 'number' ||
    !Number.isInteger(opset) ||
    opset < ONNX_OPSETS.min ||
    opset > ONNX_OPSETS.max
  ) {
    throw new Error(
      `toOnnx: opset must be an integer from ${ONNX_OPSETS.min} to ${ONNX_OPSETS.max}, got ${JSON.stringify(opset)}`,
    );
  }
  return opset;
}

function valueInfo(name: string, shape: readonly number[]): OnnxValueInfo {
  const dim = [{ dimParam: 'batch' }, ...shape.map((d) => ({ dimValue: d }))];
  return { name, type: { tensorType: { elemType: ONNX_FLOAT, shape: { dim } } } };
}

/**
 * The ONNX form of an aecnn graph or module, as protobuf bytes (`fs.writeFile(path, bytes)`, or
 * `InferenceSession.create(bytes)` in onnxruntime): float32, NHWC inputs and outputs as aecnn has them (the graph
 * carries the transposes its convolutions need), a dynamic batch dimension `batch`, one named input per graph
 * input and one output per exported graph output (e.g. fusion → latent, reconstruction, logits). Batch norm is in
 * its inference form, dropout and noise drop out. Throws before building anything for a layer kind without an
 * ONNX form, naming its path.
 */
export function toOnnx(model: GraphModule | Module, options: OnnxOptions = {}): Uint8Array {
  checkKeys(options, ONNX_KEYS, 'toOnnx');
  const opset = checkOpset(options.opset ?? ONNX_OPSETS.default);
  const g = new OnnxGraph(opset);
  const emitter = new OnnxEmitter(g);
  const graphModel = isGraphModule(model);
  if (!graphModel && options.outputs !== undefined)
    throw new Error(`toOnnx: outputs picks graph outputs; this ${model.kind} module has one output`);
  const inputDefs = graphModel ? model.def.inputs : [{ name: 'input', shape: model.inputShape }];
  const names = graphModel ? chosenOutputs(model, options, 'toOnnx') : ['output'];
  if (options.softmax && !names.includes('logits'))
    throw new Error(`toOnnx: softmax needs a 'logits' output; the exported outputs are ${names.join(', ')}`);
  const outNames = names.map((n) => (options.softmax && n === 'logits' ? 'probabilities' : n));
  for (const name of [...inputDefs.map((i) => i.name), ...outNames]) g.unique(name);
  const inputs: OnnxValue[] = inputDefs.map((i) => ({ shape: i.shape, nhwc: i.name }));
  let values: OnnxValue[];
  if (graphModel) {
    const walked = walkGraph(emitter, model, '', inputs, names, 'toOnnx');
    values = names.map((n) => walked[n]!);
  } else values = [walkChain(emitter, model, '', inputs[0]!, 'toOnnx')];
  const outputs = values.map((v, i) => {
    let x = g.nhwc(v, outNames[i]!);
    if (outNames[i] !== names[i]) x = emitter.activate('softmax', x, outNames[i]!);
    g.nodes.push({
      name: outNames[i]!,
      opType: 'Identity',
      input: [x],
      output: [outNames[i]!],
      attribute: [],
    });
    return valueInfo(outNames[i]!, v.shape);
  });
  const onnx: OnnxModel = {
    irVersion: IR_VERSION[opset]!,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'aecnn',
    producerVersion: '0.1.0',
    graph: {
      name: options.name ?? (graphModel ? (model.def.name ?? 'graph') : 'sequential'),
      node: g.nodes,
      initializer: g.initializers,
      input: inputDefs.map((i) => valueInfo(i.name, i.shape)),
      output: outputs,
    },
  };
  return encodeOnnx(onnx);
}
