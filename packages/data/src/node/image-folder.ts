import { join } from 'node:path';
import { checkKeys } from '@aecnn/layers';
import { Dataset } from '../dataset';
import { DataFormatError } from '../errors';
import type { Rgba } from '../png';
import { decodeImage, IMAGE_EXTENSIONS, resizeRgba } from './image-decode';
import { listDir, readFileBytes } from './io';

/** Options of `loadImageFolder`. */
export interface ImageFolderOptions {
  /**
   * 1: grayscale (luma), 3: RGB. Default: the images' own colour, 3 when any pixel of any image is not gray.
   * Alpha is composited over black.
   */
  readonly channels?: 1 | 3;
  /** Resize every image to this size on load (area when shrinking, bilinear when enlarging); default: keep, and all images must have one size. */
  readonly size?: { readonly height: number; readonly width: number };
}

const byName = new Intl.Collator('en', { numeric: true }).compare;

/**
 * Loads a folder of PNG and JPEG images with one subfolder per class (`digits/0/*.png`, `digits/1/*.jpg`, ...);
 * class indices follow the subfolders' natural order (`2` before `10`), `classNames` keeps the names. All images
 * must have the same size unless `size` resizes them; hidden files are skipped, any other file is an error.
 */
export async function loadImageFolder(dir: string, options: ImageFolderOptions = {}): Promise<Dataset> {
  checkKeys(options, ['channels', 'size'], 'loadImageFolder');
  const asked = options.channels;
  if (asked !== undefined && asked !== 1 && asked !== 3) {
    throw new Error(`loadImageFolder: channels must be 1 or 3, got ${String(asked)}`);
  }
  const resize = options.size;
  if (resize !== undefined) {
    checkKeys(resize, ['height', 'width'], 'loadImageFolder size');
    for (const d of [resize.height, resize.width]) {
      if (!Number.isInteger(d) || d < 1 || d > 4096)
        throw new Error(
          `loadImageFolder: size must be { height, width } of whole numbers 1..4096, got ${JSON.stringify(resize)}`,
        );
    }
  }
  const classNames = (await listDir(dir))
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(byName);
  if (classNames.length === 0) {
    throw new Error(
      `${dir}: no class subfolders; expected one folder of PNG or JPEG images per class (${dir}/0/a.png, ...)`,
    );
  }
  const decoded: Rgba[] = [];
  const labels: number[] = [];
  let size: { width: number; height: number; file: string } | undefined;
  for (const [label, cls] of classNames.entries()) {
    const files = (await listDir(join(dir, cls)))
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort(byName);
    if (files.length === 0) {
      throw new Error(
        `${join(dir, cls)}: the class folder '${cls}' holds no images; every class needs at least one (add PNG or JPEG images or remove the folder)`,
      );
    }
    for (const file of files) {
      const path = join(dir, cls, file);
      if (!IMAGE_EXTENSIONS.test(file))
        throw new DataFormatError(path, 'only .png, .jpg and .jpeg images are supported');
      let png = decodeImage(path, await readFileBytes(path));
      if (resize) png = resizeRgba(png, resize.height, resize.width);
      if (!size) size = { width: png.width, height: png.height, file: path };
      else if (png.width !== size.width || png.height !== size.height) {
        throw new DataFormatError(
          path,
          `is ${png.width}×${png.height}, but ${size.file} is ${size.width}×${size.height}; all images must have one size (or resize them on load: size option, --size HxW in the aecnn CLI)`,
        );
      }
      decoded.push(png);
      labels.push(label);
    }
  }
  if (!size) throw new Error(`${dir}: the class folders ${classNames.join(', ')} hold no images`);
  const channels = asked ?? (decoded.some(hasColour) ? 3 : 1);
  const chunks = decoded.map((png) => toBytes(png, channels));
  const images = new Uint8Array(chunks.length * size.width * size.height * channels);
  chunks.forEach((c, i) => {
    images.set(c, i * c.length);
  });
  return Dataset.fromArrays({
    images,
    height: size.height,
    width: size.width,
    channels,
    labels,
    numClasses: classNames.length,
    classNames,
    name: dir,
  });
}

/** Whether any pixel of an RGBA image is not gray (r, g and b not all equal). */
function hasColour(png: Rgba): boolean {
  const d = png.data;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] !== d[i + 1] || d[i + 1] !== d[i + 2]) return true;
  }
  return false;
}

/** RGBA (both decoders give 8-bit RGBA) → gray (Rec. 601 luma) or RGB, alpha over black. */
function toBytes(png: Rgba, channels: 1 | 3): Uint8Array {
  const n = png.width * png.height;
  const out = new Uint8Array(n * channels);
  const d = png.data;
  for (let i = 0; i < n; i++) {
    const a = d[4 * i + 3]! / 255;
    const r = d[4 * i]! * a;
    const g = d[4 * i + 1]! * a;
    const b = d[4 * i + 2]! * a;
    if (channels === 1) out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else {
      out[3 * i] = Math.round(r);
      out[3 * i + 1] = Math.round(g);
      out[3 * i + 2] = Math.round(b);
    }
  }
  return out;
}
