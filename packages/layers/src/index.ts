export { type ActivationOptions, activation } from './activation';
export { ACTIVATIONS, type ActivationName, activate, LEAKY_ALPHA } from './activations';
export { type BatchNormConfig, type BatchNormOptions, batchNorm } from './batch-norm';
export { block, type NormName, type NormOption, type PoolOption } from './block';
export { type BuildOptions, build } from './build';
export {
  type FromConfigOptions,
  fromConfig,
  LAYER_FACTORIES,
  type LayerFactory,
  specFromConfig,
  toConfig,
} from './config';
export { type ConvBlockOptions, convBlock } from './conv-block';
export { convOutputSize, type Padding } from './conv-shape';
export { type Conv2dConfig, type Conv2dOptions, conv2d, conv2dOutputShape } from './conv2d';
export {
  type Conv2dTransposeConfig,
  type Conv2dTransposeOptions,
  conv2dTranspose,
  conv2dTransposeOutputShape,
} from './conv2d-transpose';
export {
  type Cropping2dOptions,
  cropping2d,
  type Sides,
  type SidesOption,
  type ZeroPadding2dOptions,
  zeroPadding2d,
} from './crop-pad';
export {
  type Arity,
  defineLayer,
  type LayerContext,
  type LayerDef,
  type MultiInputLayerDef,
  type MultiLayerContext,
  type Normalised,
} from './custom-layer';
export { type DeconvBlockOptions, deconvBlock } from './deconv-block';
export {
  checkInput,
  defineModule,
  defineMultiModule,
  type ModuleParts,
  type MultiModuleParts,
} from './define-module';
export { type DenseOptions, dense, denseOutputShape } from './dense';
export { type DenseBlockOptions, denseBlock } from './dense-block';
export { type DropoutOptions, dropout } from './dropout';
export { type FlattenOptions, flatten, flattenOutputShape } from './flatten';
export { type GaussianNoiseOptions, gaussianNoise } from './gaussian-noise';
export { graphFromConfig } from './graph-config';
export { isGraphModule } from './graph-module';
export { graph, type InputOptions, input } from './graph-spec';
export { graphSummary, refLabel } from './graph-summary';
export {
  type GraphCall,
  type GraphDef,
  type GraphInputs,
  type GraphLayer,
  type GraphModule,
  type GraphNode,
  type GraphOptions,
  type GraphRef,
  type GraphSpec,
  isGraphSpec,
  type NodeSpec,
  type SymbolicOutputs,
  type SymbolicTensor,
} from './graph-types';
export {
  fans,
  glorotUniform,
  heNormal,
  INITIALIZER_NAMES,
  type Initializer,
  type InitializerName,
  initializers,
  ones,
  zeros,
} from './initializers';
export {
  ARTIFACTS_FORMAT,
  type LoadedInfo,
  type LoadModuleOptions,
  loadModule,
  loadModules,
  loadWeights,
  type MemoryHandler,
  memoryHandler,
  type SavedTopology,
  type SaveModuleOptions,
  saveModule,
} from './io';
export { describeTarget, type IOTarget, resolveHandler } from './io-handler';
export type { ParamDecl, ParamDecls } from './layer-params';
export {
  add,
  average,
  type ConcatenateOptions,
  concatenate,
  type MergeOptions,
  multiply,
  subtract,
} from './merge';
export type {
  ForwardContext,
  Head,
  Model,
  ModelConfig,
  ModelOutput,
  Module,
  ModuleConfig,
  Shape,
} from './module';
export { createParam, isStatistic } from './param';
export {
  disposeParams,
  freeze,
  isModule,
  type ModuleTree,
  namedParams,
  paramCount,
  trainableVariables,
} from './params';
export { avgPool2d, maxPool2d, type Pool2dConfig, type Pool2dOptions, pool2dOutputShape } from './pool2d';
export { requireBackend } from './require-backend';
export { type ReshapeOptions, reshape, reshapeOutputShape } from './reshape';
export {
  deriveSeed,
  mixSeeds,
  normalStream,
  permutation,
  type Random,
  Rng,
  randomSeed,
  seededRandom,
  shuffleInPlace,
  uniformStream,
} from './rng';
export { chainOutputShape, type SequentialConfig, type SequentialOptions, sequential } from './sequential';
export { checkKeys, closestName } from './shape';
export {
  type BuildContext,
  childContext,
  type LayerSpec,
  layer,
  type MultiInputSpec,
  multiInputLayer,
  type NameOption,
  type SpecParts,
} from './spec';
export { summary } from './summary';
export { isSymbolic } from './symbolic';
export {
  type UpSampling2dConfig,
  type UpSampling2dOptions,
  upSampling2d,
  upSampling2dOutputShape,
} from './up-sampling2d';
export {
  checkInt,
  checkIntList,
  checkRate,
  checkSeed,
  intExpected,
  isIntIn,
  optionError,
  showValue,
} from './validate';
export { checkWeightBytes, manifestBytes } from './weight-bytes';
export {
  getWeights,
  type SetWeightsOptions,
  setWeights,
  type WeightArray,
  type WeightProblem,
  type WeightValue,
} from './weights';
