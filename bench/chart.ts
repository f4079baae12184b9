// The bench's picture: every throughput ratio of the run as a horizontal bar against its target line,
// written as a self-contained SVG (bench/chart.svg) next to RESULTS.md.
export interface Bar {
  group: string;
  label: string;
  /** Throughput as a fraction of the floor. */
  ratio: number;
  target?: number;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function ratioChart(title: string, subtitle: string, bars: Bar[]): string {
  const width = 980;
  const labelWidth = 430;
  const plot = width - labelWidth - 90;
  const rowHeight = 24;
  const max = Math.max(1.2, ...bars.map((b) => b.ratio));
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
    lines.push(`<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(bar.label)}</text>`);
    lines.push(
      `<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(1, x(bar.ratio) - labelWidth).toFixed(1)}" height="${rowHeight - 8}" fill="${met ? '#2f855a' : '#c05621'}"/>`,
    );
    lines.push(`<text x="${(x(bar.ratio) + 6).toFixed(1)}" y="${y + 15}">${(bar.ratio * 100).toFixed(0)}%</text>`);
    if (bar.target !== undefined)
      lines.push(
        `<line x1="${x(bar.target).toFixed(1)}" x2="${x(bar.target).toFixed(1)}" y1="${y + 1}" y2="${y + rowHeight - 3}" stroke="#1a202c" stroke-width="2" stroke-dasharray="3,2"/>`,
      );
    y += rowHeight;
  }
  const height = y + 50;
  const axis = [0, 0.25, 0.5, 0.75, 1, ...(max > 1.25 ? [1.5, 2].filter((t) => t <= max) : [])].map(
    (t) =>
      `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="70" y2="${y}" stroke="#e2e8f0"/><text x="${x(t).toFixed(1)}" y="${y + 16}" text-anchor="middle" fill="#4a5568">${(t * 100).toFixed(0)}%</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="12" y="26" font-size="18" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="12" y="48" fill="#4a5568">${escapeXml(subtitle)}</text>`,
    ...axis,
    ...lines,
    `<text x="12" y="${height - 14}" fill="#4a5568">Bar: throughput as % of the bare node:http floor serving the same bytes (green: target met; dashed line: the target).</text>`,
    '</svg>',
    '',
  ].join('\n');
}
