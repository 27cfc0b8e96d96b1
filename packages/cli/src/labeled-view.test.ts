import { Dataset } from '@aecnn/data';
import { describe, expect, it } from 'vitest';
import { labeledView } from './labeled-view';

const data = Dataset.fromArrays({
  images: Uint8Array.from({ length: 20 * 4 }, (_, i) => i % 256),
  height: 2,
  width: 2,
  labels: Array.from({ length: 20 }, (_, i) => i % 2),
});

describe('labeledView', () => {
  it('keeps a fully labeled set as it is', () => {
    expect(labeledView(data, 100)).toBe(data);
  });

  it('cycles the labeled images until the view holds at least minSize', () => {
    const partial = data.labeledUnlabeled({ labels: 4, seed: 1 });
    const view = labeledView(partial, 10);
    expect(view.size).toBe(12);
    expect(view.labeledCount).toBe(12);
    expect(view.classCounts()).toEqual([6, 6]);
    const first = Array.from(view.sourceIndices().subarray(0, 4));
    expect(Array.from(view.sourceIndices().subarray(4, 8))).toEqual(first);
  });

  it('never drops below the number of labeled images', () => {
    expect(labeledView(data.labeledUnlabeled({ labels: 6 }), 1).size).toBe(6);
  });
});
