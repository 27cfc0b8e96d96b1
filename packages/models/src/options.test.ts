import { checkRate } from '@aecnn/layers';
import { describe, expect, it } from 'vitest';
import { checkClasses, checkInputShape, checkKernelFits, checkLatentDim, outputForRange } from './options';

describe('option checks', () => {
  it('name the factory, the option, what was expected and what came', () => {
    expect(() => checkLatentDim('fusion', 0)).toThrow(
      'fusion: latentDim must be an integer >= 1 (the size of the latent vector), got 0',
    );
    expect(() => checkClasses('cnn', 1)).toThrow(
      'cnn: classes must be an integer >= 2, got 1. A classifier needs at least two classes',
    );
    expect(() => checkInputShape('cnn', [28, 28, 1, 1], 3)).toThrow(
      'cnn: inputShape must be [height, width, channels] of integers >= 1 (no batch dimension), got [28, 28, 1, 1]. e.g. [28, 28, 1]',
    );
    expect(() => checkRate('cnn', 'dropout', -0.1)).toThrow(
      'cnn: dropout must be a number in [0, 1), got -0.1',
    );
  });

  it('checkKernelFits accepts a kernel equal to the input and rejects a larger one', () => {
    expect(() => checkKernelFits('cnn', 3, [3, 3], 'block 1')).not.toThrow();
    expect(() => checkKernelFits('cnn', 4, [3, 5], 'block 1')).toThrow(
      'cnn: kernelSize 4 is larger than the 3x5 input of block 1; use a smaller kernelSize or fewer downsampling stages',
    );
  });

  it('return the checked values', () => {
    expect(checkLatentDim('x', 64)).toBe(64);
    expect(checkInputShape('x', [10])).toEqual([10]);
  });
});

describe('outputForRange', () => {
  it('picks sigmoid for data in [0, 1] and linear otherwise', () => {
    expect(outputForRange(0, 1)).toBe('sigmoid');
    expect(outputForRange(0.2, 0.9)).toBe('sigmoid');
    expect(outputForRange(-0.42, 2.8)).toBe('linear');
    expect(outputForRange(0, 255)).toBe('linear');
    expect(() => outputForRange(1, 0)).toThrow(
      'outputForRange: expected finite min <= max, got min 1, max 0',
    );
  });
});
