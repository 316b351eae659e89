/**
 * Minimal, dependency-free SVG charts for run reports: horizontal bar charts and
 * range charts (an interval per row against a reference interval). Output is
 * deterministic text so reports can be snapshot-tested.
 */

export interface Bar {
  label: string;
  value: number;
}

const FONT = 'font-family="monospace" font-size="11"';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A bar's label: integers exactly, with thin groups of three (14 252), so that labels of
 * parts add up to the labelled whole; other values with four significant digits.
 */
export function formatBarValue(v: number): string {
  if (v === 0) return '0';
  const group = (n: number): string => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
  const sign = v < 0 ? '−' : '';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e15) return sign + group(a);
  if (a < 1e-3) return v.toExponential(2);
  if (a < 1000) return Number(v.toPrecision(4)).toString();
  // Large non-integers (means): the whole part exactly and one decimal.
  const tenths = Math.round(a * 10);
  const rest = tenths % 10;
  return sign + group(Math.floor(tenths / 10)) + (rest === 0 ? '' : `.${rest}`);
}

/** Horizontal bars, one row per entry, value printed at the bar's end. */
export function barChart(title: string, bars: Bar[], unit = ''): string {
  const rowH = 18;
  const labelW = Math.max(60, ...bars.map((b) => b.label.length * 7 + 10));
  const plotW = 420;
  const width = labelW + plotW + 90;
  const height = 30 + bars.length * rowH + 10;
  const max = Math.max(1e-30, ...bars.map((b) => b.value));
  const rows = bars.map((b, i) => {
    const y = 30 + i * rowH;
    const w = Math.max(0, (b.value / max) * plotW);
    return (
      `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end" ${FONT}>${esc(b.label)}</text>` +
      `<rect x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 5}" fill="#4a78b5"/>` +
      `<text x="${(labelW + w + 4).toFixed(1)}" y="${y + 12}" ${FONT}>${esc(formatBarValue(b.value) + unit)}</text>`
    );
  });
  return svg(width, height, title, rows);
}

export interface Range {
  label: string;
  /** Observed minimum and maximum. */
  min: number;
  max: number;
  /** The representable interval of the number format. */
  formatMin: number;
  formatMax: number;
}

export interface RangeChartOptions {
  /** log2 of the smallest magnitude drawn apart from zero (default -4): smaller values sit at the centre. */
  floorLog2?: number;
}

/**
 * One row per tensor: the format's range as a grey band and the observed range as a
 * blue bar, on a symmetric log2 axis (like hls4ml's numerical profiling).
 */
export function rangeChart(title: string, ranges: Range[], options: RangeChartOptions = {}): string {
  const rowH = 18;
  const labelW = Math.max(60, ...ranges.map((r) => r.label.length * 7 + 10));
  const plotW = 460;
  const width = labelW + plotW + 20;
  const height = 46 + ranges.length * rowH + 10;
  const mags = ranges.flatMap((r) => [r.min, r.max, r.formatMin, r.formatMax]).map((v) => Math.abs(v));
  const top = Math.ceil(Math.log2(Math.max(2, ...mags)));
  const floor = options.floorLog2 ?? -4; // smaller magnitudes are drawn at the centre
  const span = top - floor;
  const x = (v: number): number => {
    const a = Math.abs(v);
    const m = a < 2 ** floor ? 0 : (Math.log2(a) - floor) / span;
    return labelW + plotW / 2 + Math.sign(v) * m * (plotW / 2);
  };
  const rows = ranges.map((r, i) => {
    const y = 40 + i * rowH;
    const fx0 = x(r.formatMin);
    const fx1 = x(r.formatMax);
    const ox0 = x(r.min);
    const ox1 = x(r.max);
    return (
      `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end" ${FONT}>${esc(r.label)}</text>` +
      `<rect x="${fx0.toFixed(1)}" y="${y + 1}" width="${(fx1 - fx0).toFixed(1)}" height="${rowH - 3}" fill="#dddddd"/>` +
      `<rect x="${ox0.toFixed(1)}" y="${y + 5}" width="${Math.max(1, ox1 - ox0).toFixed(1)}" height="${rowH - 11}" fill="#4a78b5"/>`
    );
  });
  const axis =
    `<line x1="${labelW + plotW / 2}" y1="34" x2="${labelW + plotW / 2}" y2="${height - 8}" stroke="#888"/>` +
    `<text x="${labelW}" y="32" ${FONT}>-2^${top}</text>` +
    `<text x="${labelW + plotW - 40}" y="32" ${FONT}>+2^${top}</text>` +
    `<text x="${labelW + plotW / 2 + 4}" y="32" ${FONT}>±2^${floor}</text>`;
  return svg(width, height, title, [axis, ...rows]);
}

function svg(width: number, height: number, title: string, body: string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n` +
    `<rect width="100%" height="100%" fill="white"/>\n` +
    `<text x="8" y="18" font-family="sans-serif" font-size="13" font-weight="bold">${esc(title)}</text>\n` +
    body.join('\n') +
    '\n</svg>\n'
  );
}
