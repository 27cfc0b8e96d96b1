import type { DepthwiseConv2dNativeBackpropInputAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelRunner } from './run-kernel';

/**
 * Depthwise input gradient through the dense Conv2DBackpropInput kernel: the depthwise filter
 * [kh, kw, inC, mult] becomes a block-diagonal dense filter [kh, kw, inC, inC*mult].
 * NOTE: inC times the arithmetic of a native kernel; our models use no depthwise conv, so correctness
 * was worth more here than speed.
 */
export function depthwiseBackpropInputWasm(
  k: KernelRunner,
  { dy, filter }: { dy: TensorInfo; filter: TensorInfo },
  attrs: DepthwiseConv2dNativeBackpropInputAttrs,
): TensorInfo {
  const [kh, kw, inC, mult] = filter.shape as [number, number, number, number];
  const eye = new Float32Array(inC * inC);
  for (let c = 0; c < inC; c++) eye[c * inC + c] = 1;
  const eyeInfo = k.constant(eye, [1, 1, inC, inC, 1]);
  const spread = k.run('Reshape', { x: filter }, { shape: [kh, kw, inC, 1, mult] });
  const blocks = k.run('Multiply', { a: spread, b: eyeInfo });
  const dense = k.run('Reshape', { x: blocks }, { shape: [kh, kw, inC, inC * mult] });
  return k.run(
    'Conv2DBackpropInput',
    { dy, filter: dense },
    {
      strides: attrs.strides,
      pad: attrs.pad,
      dataFormat: 'NHWC',
      dimRoundingMode: attrs.dimRoundingMode,
      inputShape: attrs.inputShape,
    },
  );
}
