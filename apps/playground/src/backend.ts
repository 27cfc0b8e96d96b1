import { type BackendInfo, type BackendName, useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';

/** The backends the page offers, fastest first; webgpu only where the browser exposes `navigator.gpu`. */
export function offeredBackends(): BackendName[] {
  const gpu = typeof navigator !== 'undefined' && 'gpu' in navigator && navigator.gpu != null;
  return gpu ? ['webgpu', 'webgl', 'wasm', 'cpu'] : ['webgl', 'wasm', 'cpu'];
}

/** What the page shows about the active backend: aecnn's info plus the GPU renderer on webgl. */
export interface ShownBackendInfo extends BackendInfo {
  /** e.g. "WebGL 2, float32 textures, ANGLE (Google, SwiftShader ...)"; empty off webgl. */
  detail: string;
}

function webglDetail(): string {
  const version = tf.env().getNumber('WEBGL_VERSION');
  const float = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? 'float32' : 'float16';
  let renderer = '';
  try {
    const canvas = document.createElement('canvas');
    const gl = version === 2 ? canvas.getContext('webgl2') : canvas.getContext('webgl');
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    renderer = gl && ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : '';
  } catch {
    // NOTE: the renderer string is informative only; some browsers hide it.
  }
  return [`WebGL ${version}`, `${float} textures`, renderer].filter(Boolean).join(', ');
}

/** Activates `name` (wasm binaries served under `wasmPaths`) and describes it. */
export async function switchBackend(name: BackendName, wasmPaths: string): Promise<ShownBackendInfo> {
  const info = await useBackend(name, name === 'wasm' ? { wasmPaths } : {});
  let detail = '';
  if (name === 'webgl') detail = webglDetail();
  if (name === 'wasm') detail = `SIMD ${info.simd ? 'on' : 'off'}, threads ${info.threads ? 'on' : 'off'}`;
  if (name === 'webgpu') detail = 'WebGPU';
  return { ...info, detail };
}
