import type { Scene } from '../scene.js';
import { toSvg } from '../svg.js';
import { byClass, parseXml, type XmlElement } from './xml.js';

/** Renders a scene to SVG, checks it is well-formed, and returns the tree with a class lookup. */
export function svgTree(scene: Scene): {
  root: XmlElement;
  svg: string;
  cls: (c: string) => XmlElement[];
  texts: (c: string) => string[];
} {
  const svg = toSvg(scene);
  const root = parseXml(svg);
  if (root.name !== 'svg') throw new Error(`expected an <svg> root, got <${root.name}>`);
  return { root, svg, cls: (c) => byClass(root, c), texts: (c) => byClass(root, c).map((e) => e.text) };
}
