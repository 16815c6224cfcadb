/**
 * The report as an SVG bar chart, drawn by hand (no dependency): panels of horizontal bars —
 * rates per vCPU on a log scale, shares in %, memory in MB — each bar green when it meets its
 * goal, red when it misses, grey without a goal; goal lines dashed, Keycloak anchors dotted.
 */
import type { Measurement } from '../scenarios/measurement.ts';
import { formatNumber, formatValue } from './format.ts';
import { GOALS, KEYCLOAK } from './goals.ts';

interface Bar {
  label: string;
  value: number;
  text: string;
  pass: boolean | undefined;
  goal?: number;
  anchor?: number;
}

interface Panel {
  title: string;
  log: boolean;
  bars: Bar[];
}

const WIDTH = 980;
const LABEL_WIDTH = 360;
const PLOT_WIDTH = 470;
const BAR_HEIGHT = 18;
const GAP = 8;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function colour(pass: boolean | undefined): string {
  if (pass === undefined) return '#8a94a6';
  return pass ? '#2e8b57' : '#c0392b';
}

function perVcpuGoal(line: Measurement): { goal?: number; anchor?: number } {
  if (line.id === 'clientCredentials.vigil.perSecond') return { goal: KEYCLOAK.clientCredentialsPerVcpu * GOALS.grantMultipleOfKeycloak, anchor: KEYCLOAK.clientCredentialsPerVcpu };
  if (line.id === 'refresh.vigil.perSecond') return { goal: KEYCLOAK.refreshPerVcpu * GOALS.grantMultipleOfKeycloak, anchor: KEYCLOAK.refreshPerVcpu };
  if (line.id === 'passwordSignIn.vigil.perSecond') return { anchor: KEYCLOAK.passwordSignInsPerVcpu };
  return {};
}

export function panelsOf(lines: Measurement[]): Panel[] {
  const measured = lines.filter((line) => line.status === 'measured' && line.value !== undefined);
  const rates: Bar[] = measured.filter((line) => line.unit === '/s' && line.perVcpu !== undefined).map((line) => ({
    label: line.label,
    value: line.perVcpu ?? 0,
    text: `${formatNumber(line.perVcpu)}/s per vCPU`,
    pass: line.goal?.pass,
    ...perVcpuGoal(line),
  }));
  const shares: Bar[] = measured.filter((line) => line.unit === '%').map((line) => ({
    label: `${line.scenario}: ${line.label}`,
    value: Math.max(0, line.value ?? 0),
    text: formatValue(line),
    pass: line.goal?.pass,
    goal: line.goal ? (line.id.endsWith('nonHashingShare') ? GOALS.maxNonHashingShare : GOALS.maxOverhead) * 100 : undefined,
  }));
  const memory: Bar[] = measured.filter((line) => line.unit === 'MB').map((line) => ({
    label: line.label,
    value: line.value ?? 0,
    text: formatValue(line),
    pass: line.goal?.pass,
    goal: line.goal ? GOALS.maxRssMbWith10kSessions : undefined,
    anchor: line.goal ? KEYCLOAK.memoryMbFor10kSessions : undefined,
  }));
  return [
    { title: 'Throughput per vCPU (log scale) — dashed: goal, dotted: Keycloak', log: true, bars: rates },
    { title: 'Non-hashing share and Vigil overhead (%) — dashed: goal', log: false, bars: shares },
    { title: 'Resident memory (MB) — dashed: goal, dotted: Keycloak', log: false, bars: memory },
  ].filter((panel) => panel.bars.length > 0);
}

function renderPanel(panel: Panel, top: number): { svg: string; height: number } {
  const values = panel.bars.flatMap((bar) => [bar.value, bar.goal ?? 0, bar.anchor ?? 0]).filter((v) => v > 0);
  const max = Math.max(1, ...values) * 1.1;
  const min = panel.log ? Math.max(0.1, Math.min(...values) / 2) : 0;
  const x = (value: number): number => {
    if (value <= min) return LABEL_WIDTH;
    const share = panel.log ? Math.log10(value / min) / Math.log10(max / min) : value / max;
    return LABEL_WIDTH + share * PLOT_WIDTH;
  };
  const parts = [`<text x="10" y="${top + 16}" font-weight="bold">${escapeXml(panel.title)}</text>`];
  panel.bars.forEach((bar, index) => {
    const y = top + 28 + index * (BAR_HEIGHT + GAP);
    const label = bar.label.length > 58 ? `${bar.label.slice(0, 57)}…` : bar.label;
    parts.push(`<text x="10" y="${y + 13}" font-size="12">${escapeXml(label)}</text>`);
    parts.push(`<rect x="${LABEL_WIDTH}" y="${y}" width="${Math.max(1, x(bar.value) - LABEL_WIDTH).toFixed(1)}" height="${BAR_HEIGHT}" fill="${colour(bar.pass)}"/>`);
    parts.push(`<text x="${(x(bar.value) + 6).toFixed(1)}" y="${y + 13}" font-size="12">${escapeXml(bar.text)}</text>`);
    if (bar.goal !== undefined) parts.push(`<line x1="${x(bar.goal).toFixed(1)}" x2="${x(bar.goal).toFixed(1)}" y1="${y - 3}" y2="${y + BAR_HEIGHT + 3}" stroke="#222" stroke-width="2" stroke-dasharray="4 2"/>`);
    if (bar.anchor !== undefined) parts.push(`<line x1="${x(bar.anchor).toFixed(1)}" x2="${x(bar.anchor).toFixed(1)}" y1="${y - 3}" y2="${y + BAR_HEIGHT + 3}" stroke="#555" stroke-width="2" stroke-dasharray="1 2"/>`);
  });
  return { svg: parts.join('\n'), height: 40 + panel.bars.length * (BAR_HEIGHT + GAP) };
}

export function renderSvgChart(lines: Measurement[], subtitle: string): string {
  let top = 44;
  const body: string[] = [];
  for (const panel of panelsOf(lines)) {
    const drawn = renderPanel(panel, top);
    body.push(drawn.svg);
    top += drawn.height + 10;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${top}" viewBox="0 0 ${WIDTH} ${top}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" font-size="16" font-weight="bold">Vigil benchmark</text>`,
    `<text x="10" y="36" font-size="12" fill="#555">${escapeXml(subtitle)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
