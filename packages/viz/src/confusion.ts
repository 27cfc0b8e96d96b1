import { checkKeys } from '@aecnn/layers';
import { type ArrayInput, toDense, toNumbers } from './array.js';
import { formatNumber } from './axes.js';
import { contrastText, hex, viridis } from './palette.js';
import { mapPixels } from './pixels.js';
import type { Mark, Scene } from './scene.js';
import { textWidth } from './scene.js';

/** Counts[true][predicted] from label and prediction lists; classes are 0..numClasses-1. */
export function confusionCounts(
  labels: ArrayInput | ArrayLike<number>,
  predictions: ArrayInput | ArrayLike<number>,
  numClasses?: number,
): number[][] {
  const where = 'confusionCounts';
  const y = toNumbers(labels as ArrayInput, `${where}: labels`);
  const p = toNumbers(predictions as ArrayInput, `${where}: predictions`);
  if (y.length !== p.length) throw new Error(`${where}: ${y.length} labels but ${p.length} predictions`);
  const k = numClasses ?? Math.max(0, ...y, ...p) + 1;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  y.forEach((t, i) => {
    const q = p[i]!;
    for (const [name, v] of [
      ['label', t],
      ['prediction', q],
    ] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= k) {
        throw new Error(`${where}: ${name} ${i} is ${v}; expected an integer class in [0, ${k - 1}]`);
      }
    }
    m[t]![q]!++;
  });
  return m;
}

/** Options of {@link confusionMatrix}. */
export interface ConfusionOptions {
  /** k x k counts, rows = true class, columns = predicted class. */
  matrix: ArrayInput;
  classNames?: readonly string[];
  title?: string;
  /** Cell size in px (default: 40, smaller above 12 classes). */
  cellSize?: number;
  fontSize?: number;
}

/**
 * Confusion matrix heatmap: each cell shows its count, coloured (viridis) by the share of its row,
 * so the diagonal reads as per-class recall; a right column gives per-class accuracy.
 */
export function confusionMatrix(opts: ConfusionOptions): Scene {
  const where = 'confusionMatrix';
  checkKeys(opts, ['matrix', 'classNames', 'title', 'cellSize', 'fontSize'], where);
  const a = toDense(opts.matrix, `${where}: matrix`);
  if (a.shape.length !== 2 || a.shape[0] !== a.shape[1] || a.shape[0] === 0) {
    throw new Error(`${where}: expected a square [k, k] matrix of counts, got shape [${a.shape.join(', ')}]`);
  }
  const k = a.shape[0]!;
  if (opts.classNames && opts.classNames.length !== k) {
    throw new Error(`${where}: ${opts.classNames.length} class names for a ${k}x${k} matrix`);
  }
  const fontSize = opts.fontSize ?? 12;
  const cell = opts.cellSize ?? (k <= 12 ? 40 : Math.max(14, Math.floor(480 / k)));
  const names = Array.from({ length: k }, (_, i) => opts.classNames?.[i] ?? String(i));
  const at = (i: number, j: number) => a.data[i * k + j]!;
  const rowSum = names.map((_, i) => names.reduce((s, _n, j) => s + at(i, j), 0));
  const total = rowSum.reduce((s, v) => s + v, 0);
  const correct = names.reduce((s, _n, i) => s + at(i, i), 0);

  const title = `${opts.title ?? 'Confusion matrix'} — accuracy ${total > 0 ? ((100 * correct) / total).toFixed(2) : '–'}% (${formatNumber(correct)}/${formatNumber(total)})`;
  const titleSize = fontSize * 1.15;
  const nameW = Math.max(...names.map((s) => textWidth(s, fontSize)));
  const left = nameW + fontSize * 3;
  const top = fontSize * 5;
  const accW = Math.max(textWidth('accuracy', fontSize), textWidth('100.0%', fontSize)) + fontSize;
  const barW = fontSize * 1.2;
  const gridW =
    left + k * cell + fontSize * 0.6 + accW + fontSize + barW + textWidth('100%', fontSize) + fontSize * 2.5;
  // Bold bitmap text runs wider than the average-glyph estimate, hence the 1.1.
  const width = Math.max(gridW, textWidth(title, titleSize) * 1.1 + 2 * fontSize);
  const height = top + k * cell + fontSize * 2 + nameW;
  const marks: Mark[] = [];
  const cellFont = Math.min(fontSize, cell * 0.36);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const v = at(i, j);
      const share = rowSum[i]! > 0 ? v / rowSum[i]! : 0;
      const rgb = viridis(share);
      const x = left + j * cell;
      const y = top + i * cell;
      marks.push({
        type: 'rect',
        cls: 'cell',
        x,
        y,
        w: cell,
        h: cell,
        fill: hex(rgb),
        stroke: '#ffffff',
        strokeWidth: 0.5,
      });
      const label = formatNumber(v);
      const size = Math.min(cellFont, (cell * 0.9) / Math.max(1, label.length * 0.6));
      if (size >= 5) {
        marks.push({
          type: 'text',
          cls: 'count',
          x: x + cell / 2,
          y: y + cell / 2,
          text: label,
          size,
          anchor: 'middle',
          fill: contrastText(rgb),
        });
      }
    }
    marks.push({
      type: 'text',
      cls: 'class-name true',
      x: left - fontSize * 0.5,
      y: top + i * cell + cell / 2,
      text: names[i]!,
      size: fontSize,
      anchor: 'end',
    });
    // Per-class accuracy (recall): diagonal over row total.
    const acc = rowSum[i]! > 0 ? `${((100 * at(i, i)) / rowSum[i]!).toFixed(1)}%` : '–';
    marks.push({
      type: 'text',
      cls: 'class-accuracy',
      x: left + k * cell + fontSize * 0.6,
      y: top + i * cell + cell / 2,
      text: acc,
      size: fontSize,
    });
  }
  for (let j = 0; j < k; j++) {
    const x = left + j * cell + cell / 2;
    const y = top + k * cell + fontSize * 0.5;
    marks.push(
      nameW > cell * 0.9
        ? {
            type: 'text',
            cls: 'class-name predicted',
            x,
            y: y + textWidth(names[j]!, fontSize) / 2,
            text: names[j]!,
            size: fontSize,
            anchor: 'middle',
            rotate: -90,
          }
        : {
            type: 'text',
            cls: 'class-name predicted',
            x,
            y: y + fontSize * 0.3,
            text: names[j]!,
            size: fontSize,
            anchor: 'middle',
          },
    );
  }
  const yBelow = top + k * cell + (nameW > cell * 0.9 ? nameW : fontSize) + fontSize * 1.4;
  marks.push({
    type: 'text',
    cls: 'axis-label x',
    x: left + (k * cell) / 2,
    y: yBelow,
    text: 'predicted class',
    size: fontSize,
    anchor: 'middle',
    bold: true,
  });
  marks.push({
    type: 'text',
    cls: 'axis-label y',
    x: fontSize * 0.9,
    y: top + (k * cell) / 2,
    text: 'true class',
    size: fontSize,
    anchor: 'middle',
    rotate: -90,
    bold: true,
  });
  marks.push({
    type: 'text',
    cls: 'axis-label acc',
    x: left + k * cell + fontSize * 0.6,
    y: top - fontSize * 0.9,
    text: 'accuracy',
    size: fontSize,
    bold: true,
  });
  // Colour bar: row share 0% (bottom) to 100% (top).
  const barX = left + k * cell + fontSize * 0.6 + accW + fontSize;
  const steps = 64;
  const ramp = Float32Array.from({ length: steps }, (_, i) => 1 - i / (steps - 1));
  marks.push({
    type: 'image',
    cls: 'colorbar',
    x: barX,
    y: top,
    w: barW,
    h: k * cell,
    image: mapPixels(ramp, steps, 1, (y) => y, 'viridis', 0, 1),
  });
  marks.push({
    type: 'text',
    cls: 'colorbar-label',
    x: barX + barW + 4,
    y: top + 4,
    text: '100%',
    size: fontSize * 0.9,
  });
  marks.push({
    type: 'text',
    cls: 'colorbar-label',
    x: barX + barW + 4,
    y: top + k * cell - 4,
    text: '0%',
    size: fontSize * 0.9,
  });
  marks.push({
    type: 'text',
    cls: 'colorbar-label',
    x: barX + barW + textWidth('100%', fontSize * 0.9) + fontSize,
    y: top + (k * cell) / 2,
    text: 'share of true class',
    size: fontSize * 0.9,
    anchor: 'middle',
    rotate: -90,
  });
  marks.push({
    type: 'text',
    cls: 'title',
    x: width / 2,
    y: fontSize * 1.6,
    text: title,
    size: titleSize,
    anchor: 'middle',
    bold: true,
  });
  return {
    width: Math.ceil(width),
    height: Math.ceil(Math.max(height, yBelow + fontSize)),
    background: '#ffffff',
    title,
    marks,
  };
}
