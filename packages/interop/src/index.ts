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
export { EXPORTABLE_KINDS } from './to-keras';
