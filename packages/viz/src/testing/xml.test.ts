import { describe, expect, it } from 'vitest';
import { byClass, parseXml } from './xml.js';

describe('parseXml (test helper)', () => {
  it('parses nested elements, attributes, entities and text', () => {
    const root = parseXml(
      '<?xml version="1.0"?><a x="1" y=\'&lt;b&gt;\'><b class="p q">t &amp; u</b><!-- c --><b class="q"/></a>',
    );
    expect(root.name).toBe('a');
    expect(root.attrs).toEqual({ x: '1', y: '<b>' });
    expect(root.children.map((c) => c.text)).toEqual(['t & u', '']);
    expect(byClass(root, 'q')).toHaveLength(2);
    expect(byClass(root, 'p')).toHaveLength(1);
  });

  it.each([
    ['<a><b></a></b>', /does not match/],
    ['<a>', /never closed/],
    ['<a x=1></a>', /must be quoted/],
    ['<a x="1" x="2"></a>', /duplicate attribute/],
    ['<a>1 < 2</a>', /bad tag name/],
    ['<a>AT&T</a>', /bad entity/],
    ['<a/><b/>', /second root/],
    ['text<a/>', /outside the root/],
    ['<a x="1"y="2"/>', /whitespace before attribute/],
  ])('rejects %s', (src, err) => {
    expect(() => parseXml(src)).toThrow(err);
  });
});
