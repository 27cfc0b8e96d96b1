import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePng } from '@aecnn/data';
import { type RasterOptions, rasterize } from './raster.js';
import { type RunReport, report } from './report.js';
import type { Pixels, Scene } from './scene.js';
import { toSvg } from './svg.js';

/** Rasterizes a scene (built-in rasterizer, default 2x) and encodes it as PNG. */
export function toPng(scene: Scene, opts: RasterOptions = {}): Uint8Array {
  return encodePng(rasterize(scene, opts));
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes a scene (or raw pixels) as a PNG file, through a temporary name then a rename. */
export function writePng(file: string, picture: Scene | Pixels, opts: RasterOptions = {}): void {
  const px = 'marks' in picture ? rasterize(picture, opts) : picture;
  writeAtomic(file, encodePng(px));
}

/** Writes a scene as an SVG file, through a temporary name then a rename. */
export function writeSvg(file: string, scene: Scene): void {
  writeAtomic(file, toSvg(scene));
}

/** Writes {@link report} of a run as one self-contained HTML file, through a temporary name then a rename. */
export function writeReport(file: string, run: RunReport): void {
  writeAtomic(file, report(run));
}
