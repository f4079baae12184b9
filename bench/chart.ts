// The bench's picture: every ratio of the run as a horizontal bar against its target line, written as a
// self-contained SVG (bench/chart.svg) next to RESULTS.md. Generic over the sections: each adds its bars (a
// group per case) and the chart draws whatever the run produced.
// The axis is logarithmic: one run holds ratios from 1% (a seed operation on PostgreSQL against a bare floor)
// to 1,700% (Quiver against moto), and on a linear axis the small ones, which the targets are about, are a
// few pixels wide.
export interface Bar {
  group: string;
  label: string;
  /** Throughput as a fraction of the floor (or of the peer the group names). */
  ratio: number;
  target?: number;
  /** The same comparison by server CPU time per request (floor / Quiver), drawn as a thin bar under it. */
  cpuRatio?: number;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const percent = (r: number) => `${r < 0.095 ? (r * 100).toFixed(1) : (r * 100).toFixed(0)}%`;

export function ratioChart(title: string, subtitle: string, bars: Bar[]): string {
  const chartWidth = 1180;
  const labelWidth = 470;
  const plot = chartWidth - labelWidth - 170;
  const rowHeight = 24;
  const values = bars.flatMap((b) => [b.ratio, b.cpuRatio ?? b.ratio]).filter((v) => v > 0);
  // From the 1-3-10 step below the smallest ratio (at least 0.1%) to the one above the largest (at least 100%).
  const steps = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300];
  const smallest = Math.max(0.001, Math.min(0.1, ...values));
  const low = [...steps].reverse().find((t) => t <= smallest) ?? 0.001;
  const high = steps.find((t) => t >= Math.max(1, ...values)) ?? 300;
  const x = (ratio: number) =>
    labelWidth + ((Math.log10(Math.min(high, Math.max(low, ratio))) - Math.log10(low)) / Math.log10(high / low)) * plot;
  const top = 76;
  const shading: string[] = [];
  const lines: string[] = [];
  let y = top;
  let group = '';
  let shade = false;
  for (const bar of bars) {
    if (bar.group !== group) {
      group = bar.group;
      shade = !shade;
      y += 8;
      lines.push(`<text x="12" y="${y + 15}" font-weight="bold">${escapeXml(group)}</text>`);
      y += rowHeight;
    }
    if (shade) shading.push(`<rect x="0" y="${y}" width="${chartWidth}" height="${rowHeight}" fill="#f7fafc"/>`);
    const fill = bar.target === undefined ? '#3182ce' : bar.ratio >= bar.target ? '#2f855a' : '#c05621';
    const width = (r: number) => Math.max(1, x(r) - labelWidth).toFixed(1);
    lines.push(`<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeXml(bar.label)}</text>`);
    lines.push(
      `<rect x="${labelWidth}" y="${y + 4}" width="${width(bar.ratio)}" height="${rowHeight - 13}" fill="${fill}"/>`,
    );
    if (bar.cpuRatio !== undefined)
      lines.push(
        `<rect x="${labelWidth}" y="${y + rowHeight - 8}" width="${width(bar.cpuRatio)}" height="4" fill="#4a5568"/>`,
      );
    const cpuText = bar.cpuRatio === undefined ? '' : ` (CPU ${percent(bar.cpuRatio)})`;
    lines.push(
      `<text x="${(x(Math.max(bar.ratio, bar.cpuRatio ?? 0, bar.target ?? 0)) + 6).toFixed(1)}" y="${y + 16}">${percent(bar.ratio)}${cpuText}</text>`,
    );
    if (bar.target !== undefined)
      lines.push(
        `<line x1="${x(bar.target).toFixed(1)}" x2="${x(bar.target).toFixed(1)}" y1="${y + 1}" y2="${y + rowHeight - 1}" stroke="#1a202c" stroke-width="2" stroke-dasharray="3,2"/>`,
      );
    y += rowHeight;
  }
  const ticks = steps.filter((t) => t >= low && t <= high);
  const axis = ticks.map(
    (t) =>
      `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${top}" y2="${y}" stroke="${t === 1 ? '#a0aec0' : '#e2e8f0'}"/>` +
      `<text x="${x(t).toFixed(1)}" y="${top - 6}" text-anchor="middle" fill="#4a5568">${percent(t)}</text>` +
      `<text x="${x(t).toFixed(1)}" y="${y + 16}" text-anchor="middle" fill="#4a5568">${percent(t)}</text>`,
  );
  const height = y + 80;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${chartWidth}" height="${height}" viewBox="0 0 ${chartWidth} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="12" y="26" font-size="18" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="12" y="48" fill="#4a5568">${escapeXml(subtitle)}</text>`,
    ...shading,
    ...axis,
    ...lines,
    `<text x="12" y="${height - 44}" fill="#4a5568">Bar: throughput as % of the bare node:http floor serving the same bytes, or of the peer a group names; logarithmic axis.</text>`,
    `<text x="12" y="${height - 28}" fill="#4a5568">Green / orange: target (dashed line) met / missed; blue: no target. Client installs: the floor's wall time / Quiver's.</text>`,
    `<text x="12" y="${height - 12}" fill="#4a5568">Thin grey bar: the same by server CPU time per request (floor / Quiver), which a busy machine moves far less.</text>`,
    '</svg>',
    '',
  ].join('\n');
}
