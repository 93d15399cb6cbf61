/**
 * The README chart, drawn by hand as SVG: one horizontal bar panel per measurement, ours in
 * orange and the baselines in grey, then every goal with pass or fail.
 */
import type { Figure, Panel } from "./report.ts";

const WIDTH = 1000;
const COLUMN = 490;
const GAP = 20;
const LABEL = 220;
const BAR = 170;
const ROW = 22;
const OURS = "#f38020";
const BASELINE = "#a3adb8";
const PASS = "#2e7d32";
const FAIL = "#c62828";

const xml = (s: string) =>
  s
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");

function formatNumber(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

function panelHeight(panel: Panel): number {
  return 30 + (panel.caption ? 16 : 0) + panel.bars.length * ROW + 12;
}

function drawPanel(panel: Panel, x: number, y: number): string {
  const out: string[] = [];
  out.push(
    `<text x="${x}" y="${y + 16}" class="title">${xml(panel.title)} <tspan class="unit">(${xml(panel.unit)})</tspan></text>`,
  );
  let top = y + 30;
  if (panel.caption) {
    out.push(`<text x="${x}" y="${top + 8}" class="note">${xml(panel.caption)}</text>`);
    top += 16;
  }
  const max = Math.max(...panel.bars.map((b) => b.value), panel.goalLine?.value ?? 0) || 1;
  const scale = (v: number) => Math.max(1, (v / max) * BAR);
  for (const [i, bar] of panel.bars.entries()) {
    const by = top + i * ROW;
    out.push(
      `<text x="${x + LABEL - 8}" y="${by + 12}" class="label" text-anchor="end">${xml(bar.label)}</text>`,
      `<rect x="${x + LABEL}" y="${by + 1}" width="${scale(bar.value).toFixed(1)}" height="15" rx="2" fill="${bar.ours ? OURS : BASELINE}"/>`,
      `<text x="${x + LABEL + scale(bar.value) + 6}" y="${by + 12}" class="value">${xml(formatNumber(bar.value))}</text>`,
    );
  }
  if (panel.goalLine) {
    const gx = x + LABEL + scale(panel.goalLine.value);
    const bottom = top + panel.bars.length * ROW;
    out.push(
      `<line x1="${gx.toFixed(1)}" y1="${top - 4}" x2="${gx.toFixed(1)}" y2="${bottom}" stroke="${FAIL}" stroke-dasharray="4 3"/>`,
      `<text x="${(gx + 4).toFixed(1)}" y="${top - 6}" class="goal">${xml(panel.goalLine.label)}</text>`,
    );
  }
  return out.join("\n");
}

export function renderChart(
  panels: readonly Panel[],
  figures: readonly Figure[],
  meta: { date: string; node: string; cores: number; mode: string },
): string {
  const body: string[] = [];
  let y = 64;
  // Two columns, panels placed in order, each row as tall as its taller panel.
  for (let i = 0; i < panels.length; i += 2) {
    const row = panels.slice(i, i + 2);
    row.forEach((panel, j) => {
      body.push(drawPanel(panel, 20 + j * (COLUMN + GAP), y));
    });
    y += Math.max(...row.map(panelHeight)) + 8;
  }
  const goals = figures.filter((f) => f.checks.length > 0);
  body.push(`<text x="20" y="${y + 16}" class="title">Goals</text>`);
  y += 30;
  for (const f of goals) {
    for (const c of f.checks) {
      const ratio = f.ratio === undefined ? "" : ` (${f.ratio}× ${f.baseline ?? ""})`;
      body.push(
        `<text x="20" y="${y + 12}" class="label"><tspan fill="${c.pass ? PASS : FAIL}" font-weight="bold">${c.pass ? "✓ pass" : "✗ FAIL"}</tspan>  ${xml(`${f.section}: ${f.name} = ${formatNumber(f.value)} ${f.unit}${ratio}; goal ${c.goal}`)}</text>`,
      );
      y += 18;
    }
  }
  const height = y + 16;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif">
<style>
  .h1 { font-size: 18px; font-weight: 600; fill: #1f2328; }
  .title { font-size: 13px; font-weight: 600; fill: #1f2328; }
  .unit, .note, .goal { font-size: 11px; font-weight: 400; fill: #57606a; }
  .goal { fill: ${FAIL}; }
  .label { font-size: 11px; fill: #1f2328; }
  .value { font-size: 11px; fill: #57606a; }
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="20" y="28" class="h1">cf-devices benchmarks</text>
<text x="20" y="46" class="note">${xml(`${meta.date} · Node ${meta.node} · ${meta.cores} cores · ${meta.mode} run · medians · `)}<tspan fill="${OURS}">■ ours</tspan> <tspan fill="${BASELINE}">■ baselines</tspan></text>
${body.join("\n")}
</svg>
`;
}
