import {
  backend_util,
  type DataId,
  getKernel,
  type KernelFunc,
  registerKernel,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { CPU_FUSED_CONV2D_KERNEL, CPU_FUSED_MATMUL_KERNEL } from './kernel-names';

/** Rows of a's inner dimension summed before the partial sums go back to c (keeps b's rows in cache). */
const K_BLOCK = 256;

/**
 * c[m, n] = a[m, k] · b[k, n] (row-major) with 4x4 blocks of c in locals.
 * NOTE: on one core of this machine 2.0-2.6 GFLOP/s against 0.55 for tfjs-backend-cpu's matMul (64 x 5,408 x 64
 * and 512³): tfjs's loop keeps its sums in the output array.
 */
export function gemm(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  c.fill(0, 0, m * n);
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let k0 = 0; k0 < k; k0 += K_BLOCK) {
    const k1 = Math.min(k, k0 + K_BLOCK);
    for (let i = 0; i < m4; i += 4) {
      for (let j = 0; j < n4; j += 4) {
        let c00 = 0,
          c01 = 0,
          c02 = 0,
          c03 = 0,
          c10 = 0,
          c11 = 0,
          c12 = 0,
          c13 = 0;
        let c20 = 0,
          c21 = 0,
          c22 = 0,
          c23 = 0,
          c30 = 0,
          c31 = 0,
          c32 = 0,
          c33 = 0;
        let a0 = i * k + k0;
        let a1 = a0 + k;
        let a2 = a1 + k;
        let a3 = a2 + k;
        let q = k0 * n + j;
        for (let p = k0; p < k1; p++, q += n) {
          const b0 = b[q]!;
          const b1 = b[q + 1]!;
          const b2 = b[q + 2]!;
          const b3 = b[q + 3]!;
          const x0 = a[a0++]!;
          const x1 = a[a1++]!;
          const x2 = a[a2++]!;
          const x3 = a[a3++]!;
          c00 += x0 * b0;
          c01 += x0 * b1;
          c02 += x0 * b2;
          c03 += x0 * b3;
          c10 += x1 * b0;
          c11 += x1 * b1;
          c12 += x1 * b2;
          c13 += x1 * b3;
          c20 += x2 * b0;
          c21 += x2 * b1;
          c22 += x2 * b2;
          c23 += x2 * b3;
          c30 += x3 * b0;
          c31 += x3 * b1;
          c32 += x3 * b2;
          c33 += x3 * b3;
        }
        const o = i * n + j;
        add4(c, o, c00, c01, c02, c03);
        add4(c, o + n, c10, c11, c12, c13);
        add4(c, o + 2 * n, c20, c21, c22, c23);
        add4(c, o + 3 * n, c30, c31, c32, c33);
      }
      // the last n % 4 columns of these rows
      for (let r = i; r < i + 4; r++) {
        for (let j = n4; j < n; j++) {
          let s = 0;
          for (let p = k0, q = k0 * n + j, at = r * k + k0; p < k1; p++, q += n) s += a[at++]! * b[q]!;
          c[r * n + j] = c[r * n + j]! + s;
        }
      }
    }
    // the last m % 4 rows
    for (let r = m4; r < m; r++) {
      for (let p = k0; p < k1; p++) {
        const x = a[r * k + p]!;
        for (let j = 0, q = p * n, o = r * n; j < n; j++) c[o + j] = c[o + j]! + x * b[q + j]!;
      }
    }
  }
}

/** c[o..o+3] += (v0, v1, v2, v3): one row of a 4x4 block back into c. */
function add4(c: Float32Array, o: number, v0: number, v1: number, v2: number, v3: number): void {
  c[o] = c[o]! + v0;
  c[o + 1] = c[o + 1]! + v1;
  c[o + 2] = c[o + 2]! + v2;
  c[o + 3] = c[o + 3]! + v3;
}

/** Adds bias [n] to every row of c [m, n] and applies the activation, in place. */
function biasActivate(
  c: Float32Array,
  m: number,
  n: number,
  bias: Float32Array | undefined,
  act: string,
): void {
  if (bias) for (let i = 0, o = 0; i < m; i++) for (let j = 0; j < n; j++, o++) c[o] = c[o]! + bias[j]!;
  if (act === 'relu') for (let o = 0; o < m * n; o++) c[o] = Math.max(c[o]!, 0);
  else if (act === 'sigmoid') for (let o = 0; o < m * n; o++) c[o] = 1 / (1 + Math.exp(-c[o]!));
}

/** What the kernels use of tfjs-backend-cpu's MathBackendCPU. */
interface CpuBackendLike {
  data: { get(dataId: DataId): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

const ACTIVATIONS = ['linear', 'relu', 'sigmoid'];

function float32(backend: CpuBackendLike, t: TensorInfo, kernel: string, what: string): Float32Array {
  const values = backend.data.get(t.dataId).values;
  if (t.dtype !== 'float32' || !(values instanceof Float32Array)) {
    throw new Error(`${kernel}: ${what} must be float32, got ${t.dtype}`);
  }
  return values;
}

function checkActivation(kernel: string, attrs: Record<string, unknown>): string {
  const act = (attrs.activation as string | undefined) ?? 'linear';
  if (!ACTIVATIONS.includes(act)) {
    throw new Error(`${kernel}: activation must be one of ${ACTIVATIONS.join(', ')}, got ${act}`);
  }
  return act;
}

function biasOf(backend: CpuBackendLike, bias: TensorInfo | undefined, n: number, kernel: string) {
  if (!bias) return undefined;
  if (bias.shape.length !== 1 || bias.shape[0] !== n) {
    throw new Error(`${kernel}: expected bias [${n}], got [${bias.shape}]`);
  }
  return float32(backend, bias, kernel, 'bias');
}

const fusedMatMul: KernelFunc = ({ inputs, attrs, backend }) => {
  const cpu = backend as unknown as CpuBackendLike;
  const kernel = CPU_FUSED_MATMUL_KERNEL;
  const { a, b, bias } = inputs as Record<string, TensorInfo | undefined>;
  const at = attrs as Record<string, unknown>;
  const act = checkActivation(kernel, at);
  const rank = a!.shape.length;
  const [m, k] = a!.shape.slice(-2) as [number, number];
  const [k2, n] = b!.shape.slice(-2) as [number, number];
  const batchOne = (s: readonly number[]) => s.length === 2 || (s.length === 3 && s[0] === 1);
  if (at.transposeA || at.transposeB || !batchOne(a!.shape) || !batchOne(b!.shape) || k !== k2) {
    throw new Error(
      `${kernel}: expected a [m, k] and b [k, n] (or with a leading batch of 1), untransposed, got a [${a!.shape}] and b [${b!.shape}]${at.transposeA || at.transposeB ? ' transposed' : ''}`,
    );
  }
  const out = new Float32Array(m * n);
  gemm(float32(cpu, a!, kernel, 'a'), float32(cpu, b!, kernel, 'b'), out, m, k, n);
  biasActivate(out, m, n, biasOf(cpu, bias, n, kernel), act);
  return cpu.makeTensorInfo(rank === 3 ? [1, m, n] : [m, n], 'float32', out);
};

/** The patches of x [b, h, w, c] for a conv: [b·oh·ow, kh·kw·c] (zeros where a window leaves x). */
function patches(x: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, padInfo } = info;
  const k = filterHeight * filterWidth * inChannels;
  const p = new Float32Array(batchSize * outHeight * outWidth * k);
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let y = 0; y < outHeight; y++) {
      for (let xo = 0; xo < outWidth; xo++, o += k) {
        for (let th = 0; th < filterHeight; th++) {
          const iy = y * strideHeight + th - padInfo.top;
          if (iy < 0 || iy >= inHeight) continue;
          for (let tw = 0; tw < filterWidth; tw++) {
            const ix = xo * strideWidth + tw - padInfo.left;
            if (ix < 0 || ix >= inWidth) continue;
            const from = ((n * inHeight + iy) * inWidth + ix) * inChannels;
            const to = o + (th * filterWidth + tw) * inChannels;
            for (let ch = 0; ch < inChannels; ch++) p[to + ch] = x[from + ch]!;
          }
        }
      }
    }
  }
  return p;
}

const fusedConv2d: KernelFunc = ({ inputs, attrs, backend }) => {
  const cpu = backend as unknown as CpuBackendLike;
  const kernel = CPU_FUSED_CONV2D_KERNEL;
  const { x, filter, bias } = inputs as Record<string, TensorInfo | undefined>;
  const at = attrs as Record<string, unknown>;
  const act = checkActivation(kernel, at);
  const dilations = (at.dilations as number | [number, number] | undefined) ?? 1;
  const [dh, dw] = typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (
    x!.shape.length !== 4 ||
    filter!.shape.length !== 4 ||
    x!.shape[3] !== filter!.shape[2] ||
    dh !== 1 ||
    dw !== 1
  ) {
    throw new Error(
      `${kernel}: expected x [b, h, w, c] and filter [kh, kw, c, f] without dilation, got x [${x!.shape}], filter [${filter!.shape}], dilations ${dilations}`,
    );
  }
  const info = backend_util.computeConv2DInfo(
    x!.shape as [number, number, number, number],
    filter!.shape as [number, number, number, number],
    at.strides as [number, number],
    1,
    at.pad as 'same',
    at.dimRoundingMode as 'floor' | undefined,
  );
  const m = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const n = info.outChannels;
  const out = new Float32Array(m * n);
  gemm(patches(float32(cpu, x!, kernel, 'x'), info), float32(cpu, filter!, kernel, 'filter'), out, m, k, n);
  biasActivate(out, m, n, biasOf(cpu, bias, n, kernel), act);
  return cpu.makeTensorInfo([info.batchSize, info.outHeight, info.outWidth, n], 'float32', out);
};

/** Registers the cpu GEMM kernels (once; needs tfjs-backend-cpu loaded) and returns their names. */
export function registerCpuGemmKernels(): readonly string[] {
  for (const [kernelName, kernelFunc] of [
    [CPU_FUSED_MATMUL_KERNEL, fusedMatMul],
    [CPU_FUSED_CONV2D_KERNEL, fusedConv2d],
  ] as const) {
    if (!getKernel(kernelName, 'cpu')) registerKernel({ kernelName, backendName: 'cpu', kernelFunc });
  }
  return [CPU_FUSED_MATMUL_KERNEL, CPU_FUSED_CONV2D_KERNEL];
}
