export type { ForwardContext, Module, ModuleConfig, Shape } from "./module";
