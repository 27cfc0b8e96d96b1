import type * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { memoryHandler } from './io';
import { describeTarget, resolveHandler } from './io-handler';

describe('resolveHandler', () => {
  it('passes a handler through, and names an unknown URL or a handler without the method', () => {
    const h = memoryHandler('m');
    expect(resolveHandler(h, 'save', 'saveModule')).toBe(h);
    expect(describeTarget(h)).toBe('memoryHandler(m)');
    expect(() => resolveHandler('nowhere://x', 'load', 'loadModule')).toThrow(
      /^loadModule: no tf.io load handler for 'nowhere:\/\/x'; pass a handler .*registerFileScheme\(\)$/,
    );
    expect(() => resolveHandler('nowhere://x', 'save', 'exportLayersModel', 'handler')).toThrow(
      "exportLayersModel: no tf.io handler for 'nowhere://x'",
    );
    expect(() => resolveHandler({ load: h.load } as tf.io.IOHandler, 'save', 'saveModule')).toThrow(
      'saveModule: the tf.io handler cannot save (no save method); expected a tf.io handler with save(), or a URL',
    );
  });
});
