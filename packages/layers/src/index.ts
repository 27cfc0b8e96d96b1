export type { ForwardContext, Head, Model, ModelConfig, ModelOutput, Module, ModuleConfig, Shape } from "./module";
