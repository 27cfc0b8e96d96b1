import { encodePng } from '@aecnn/data';
import { base64 } from './base64.js';
import type { Mark, Scene } from './scene.js';

/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]!};`,
  );
}

// Two decimals keep SVGs small without visible error at screen scale.
const n = (v: number): string => String(Math.round(v * 100) / 100);

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

function cls(m: Mark): string {
  return m.cls ? ` class="${escapeXml(m.cls)}"` : '';
}

function markSvg(m: Mark): string {
  switch (m.type) {
    case 'rect': {
      const stroke = m.stroke ? ` stroke="${m.stroke}" stroke-width="${n(m.strokeWidth ?? 1)}"` : '';
      return `<rect${cls(m)} x="${n(m.x)}" y="${n(m.y)}" width="${n(m.w)}" height="${n(m.h)}" fill="${m.fill ?? 'none'}"${stroke}/>`;
    }
    case 'line': {
      const dash = m.dash ? ` stroke-dasharray="${m.dash.map(n).join(' ')}"` : '';
      return `<line${cls(m)} x1="${n(m.x1)}" y1="${n(m.y1)}" x2="${n(m.x2)}" y2="${n(m.y2)}" stroke="${m.stroke}" stroke-width="${n(m.strokeWidth ?? 1)}"${dash}/>`;
    }
    case 'polyline': {
      const pts: string[] = [];
      for (let i = 0; i + 1 < m.points.length; i += 2) pts.push(`${n(m.points[i]!)},${n(m.points[i + 1]!)}`);
      return `<polyline${cls(m)} points="${pts.join(' ')}" fill="none" stroke="${m.stroke}" stroke-width="${n(m.strokeWidth ?? 1.5)}" stroke-linejoin="round" stroke-linecap="round"/>`;
    }
    case 'circle': {
      const op = m.opacity !== undefined && m.opacity < 1 ? ` fill-opacity="${n(m.opacity)}"` : '';
      return `<circle${cls(m)} cx="${n(m.cx)}" cy="${n(m.cy)}" r="${n(m.r)}" fill="${m.fill}"${op}/>`;
    }
    case 'polygon': {
      const pts: string[] = [];
      for (let i = 0; i + 1 < m.points.length; i += 2) pts.push(`${n(m.points[i]!)},${n(m.points[i + 1]!)}`);
      const op = m.opacity !== undefined && m.opacity < 1 ? ` fill-opacity="${n(m.opacity)}"` : '';
      return `<polygon${cls(m)} points="${pts.join(' ')}" fill="${m.fill}"${op}/>`;
    }
    case 'text': {
      const anchor = m.anchor && m.anchor !== 'start' ? ` text-anchor="${m.anchor}"` : '';
      const bold = m.bold ? ' font-weight="bold"' : '';
      const rot = m.rotate ? ` transform="rotate(${m.rotate} ${n(m.x)} ${n(m.y)})"` : '';
      return `<text${cls(m)} x="${n(m.x)}" y="${n(m.y)}" font-size="${n(m.size)}" fill="${m.fill ?? '#222222'}" dominant-baseline="central"${anchor}${bold}${rot}>${escapeXml(m.text)}</text>`;
    }
    case 'image': {
      const uri = `data:image/png;base64,${base64(encodePng(m.image))}`;
      return `<image${cls(m)} x="${n(m.x)}" y="${n(m.y)}" width="${n(m.w)}" height="${n(m.h)}" preserveAspectRatio="none" style="image-rendering:pixelated;image-rendering:crisp-edges" href="${uri}"/>`;
    }
  }
}

/** Renders a scene as a standalone SVG document string (no external resources; images are inline PNG data URIs). */
export function toSvg(scene: Scene): string {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(scene.width)}" height="${n(scene.height)}" viewBox="0 0 ${n(scene.width)} ${n(scene.height)}" font-family="${FONT}" role="img">`,
    `<title>${escapeXml(scene.title)}</title>`,
    `<rect class="background" x="0" y="0" width="${n(scene.width)}" height="${n(scene.height)}" fill="${scene.background}"/>`,
  ];
  for (const m of scene.marks) parts.push(markSvg(m));
  parts.push('</svg>');
  return parts.join('\n');
}
