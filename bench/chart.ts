// The bench's picture: every ratio of the run as a horizontal bar against its target line, written as a
// self-contained SVG (bench/chart.svg) next to RESULTS.md. Generic over the sections: each adds its bars (a
// group per case) and the chart draws whatever the run produced.
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

export function ratioChart(title: string, subtitle: string, bars: Bar[]): string {
  const chartWidth = 1080;
  const labelWidth = 430;
  const plot = chartWidth - labelWidth - 150;
  const rowHeight = 24;
  const max = Math.min(3, Math.max(1.2, ...bars.map((b) => Math.max(b.ratio, b.cpuRatio ?? 0))));
  const x = (ratio: number) => labelWidth + (ratio / max) * plot;
  const lines: string[] = [];
  let y = 70;
  let group = '';
  for (const bar of bars) {
    if (bar.group !== group) {
      group = bar.group;
      y += 10;
      lines.push(`<text x="12" y="${y + 14}" font-weight="bold">${escapeXml(group)}</text>`);
      y += rowHeight;
    }
    const met = bar.target === undefined || bar.ratio >= bar.target;
    const width = (r: number) => Math.max(1, x(Math.min(r, max)) - labelWidth).toFixed(1);
    lines.push(`<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(bar.label)}</text>`);
    lines.push(
      `<rect x="${labelWidth}" y="${y + 3}" width="${width(bar.ratio)}" height="${rowHeight - 12}" fill="${met ? '#2f855a' : '#c05621'}"/>`,
    );
    if (bar.cpuRatio !== undefined)
      lines.push(
        `<rect x="${labelWidth}" y="${y + rowHeight - 8}" width="${width(bar.cpuRatio)}" height="4" fill="#4a5568"/>`,
      );
    const cpuText = bar.cpuRatio === undefined ? '' : ` (CPU ${(bar.cpuRatio * 100).toFixed(0)}%)`;
    lines.push(
      `<text x="${(x(Math.min(max, Math.max(bar.ratio, bar.cpuRatio ?? 0))) + 6).toFixed(1)}" y="${y + 15}">${(bar.ratio * 100).toFixed(0)}%${cpuText}</text>`,
    );
    if (bar.target !== undefined)
      lines.push(
        `<line x1="${x(bar.target).toFixed(1)}" x2="${x(bar.target).toFixed(1)}" y1="${y + 1}" y2="${y + rowHeight - 3}" stroke="#1a202c" stroke-width="2" stroke-dasharray="3,2"/>`,
      );
    y += rowHeight;
  }
  const height = y + 64;
  const axis = [0, 0.25, 0.5, 0.75, 1, ...(max > 1.25 ? [1.5, 2].filter((t) => t <= max) : [])].map(
    (t) =>
      `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="70" y2="${y}" stroke="#e2e8f0"/><text x="${x(t).toFixed(1)}" y="${y + 16}" text-anchor="middle" fill="#4a5568">${(t * 100).toFixed(0)}%</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${chartWidth}" height="${height}" viewBox="0 0 ${chartWidth} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="12" y="26" font-size="18" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="12" y="48" fill="#4a5568">${escapeXml(subtitle)}</text>`,
    ...axis,
    ...lines,
    `<text x="12" y="${height - 28}" fill="#4a5568">Bar: throughput as % of the bare node:http floor serving the same bytes, or of the peer a group names (green: target met; dashed line: the target).</text>`,
    `<text x="12" y="${height - 12}" fill="#4a5568">Thin grey bar: the same by server CPU time per request (floor / Quiver), which a busy machine moves far less.</text>`,
    '</svg>',
    '',
  ].join('\n');
}
