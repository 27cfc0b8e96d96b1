export {
  type ExportOptions,
  exportedOutputs,
  exportLayersModel,
  type LayersArtifacts,
  toLayersArtifacts,
} from './export';
export { SUPPORTED_CLASSES } from './from-keras';
export { fromLayersArtifacts, importLayersModel } from './import';
export type { KerasLayer } from './keras-types';
export { ONNX_KINDS } from './onnx-ops';
export { decodeOnnx, type OnnxModel } from './onnx-proto';
export { EXPORTABLE_KINDS } from './to-keras';
export { ONNX_OPSETS, type OnnxOptions, toOnnx } from './to-onnx';
