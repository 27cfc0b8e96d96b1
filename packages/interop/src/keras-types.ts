/** A layer entry of a Keras / TF.js Layers topology (`model.json` → modelTopology.config.layers[i]). */
export interface KerasLayer {
  class_name: string;
  config: Record<string, unknown>;
  name?: string;
  inbound_nodes?: unknown[];
  module?: string;
}

/** One exported weight: its Keras name (`layer/kernel`) and values. */
export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** What one aecnn leaf layer becomes in Keras: one or more layers in a chain, and their weights. */
export interface KerasPiece {
  layers: KerasLayer[];
  weights: NamedWeight[];
}
