import { type AxisSpec, axesMarks, type Frame, scale, yAxisMargin } from './axes.js';
import { type LegendItem, legendMarks, legendWidth } from './legend.js';
import type { Mark, Scene } from './scene.js';

/** What an x/y chart reserves room for around its plot. */
export interface ChartFrameOptions {
  readonly width: number;
  readonly height: number;
  readonly fontSize: number;
  /** Shown above the plot when non-empty. */
  readonly title?: string | undefined;
  readonly xAxis: AxisSpec;
  /** The y axis, whose tick labels set the left margin. */
  readonly yAxis: AxisSpec;
  /** Legend rows on the right of the plot (none: a narrow margin). */
  readonly legend: readonly LegendItem[];
}

/** A chart's size and font size: the options' values, else the chart's defaults (font size 12). */
export function chartSize(
  o: { readonly width?: number; readonly height?: number; readonly fontSize?: number },
  width: number,
  height: number,
): { width: number; height: number; fontSize: number } {
  return { width: o.width ?? width, height: o.height ?? height, fontSize: o.fontSize ?? 12 };
}

/** An x/y chart's plot frame, its axes' marks, and the maps from data to scene coordinates. */
export interface ChartPlot {
  readonly frame: Frame;
  /** Grid, frame, ticks and axis titles; the chart adds its marks after them. */
  readonly marks: Mark[];
  readonly sx: (v: number) => number;
  readonly sy: (v: number) => number;
}

/** Lays out an x/y chart (y tick labels left, title above, x labels below, legend right) and draws its axes. */
export function chartPlot(where: string, o: ChartFrameOptions): ChartPlot {
  const f = chartFrame(where, o);
  return {
    frame: f,
    marks: axesMarks(f, o.xAxis, o.yAxis, o.fontSize),
    sx: scale(o.xAxis, f.x, f.x + f.w),
    sy: scale(o.yAxis, f.y + f.h, f.y),
  };
}

function chartFrame(where: string, o: ChartFrameOptions): Frame {
  const left = yAxisMargin(o.yAxis, o.fontSize) + 6;
  const top = o.title ? o.fontSize * 3 : o.fontSize;
  const right = o.legend.length ? legendWidth(o.legend, o.fontSize) + o.fontSize * 1.5 : o.fontSize;
  const f = { x: left, y: top, w: o.width - left - right, h: o.height - top - o.fontSize * 3.6 };
  if (f.w < 40 || f.h < 40)
    throw new Error(`${where}: ${o.width}x${o.height} leaves no room for the plot; make it larger`);
  return f;
}

/** The finished chart on a white background: the plot's marks, then the title (when given) and the legend. */
export function chartScene(plot: ChartPlot, o: ChartFrameOptions, name: string): Scene {
  const f = plot.frame;
  const marks = [...plot.marks];
  if (o.title) {
    marks.push({
      type: 'text',
      cls: 'title',
      x: o.width / 2,
      y: o.fontSize * 1.4,
      text: o.title,
      size: o.fontSize * 1.2,
      anchor: 'middle',
      bold: true,
    });
  }
  marks.push(...legendMarks(o.legend, f.x + f.w + o.fontSize, f.y, o.fontSize));
  return { width: o.width, height: o.height, background: '#ffffff', title: o.title || name, marks };
}
