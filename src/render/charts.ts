import type { DailyMessages, PositionCounts, TechnologyBar } from '../analyse/index.js';
import type { Stance } from '../analyse/index.js';
import { largest } from '../core/index.js';
import { shortDay } from './brief-text.js';
import { escapeHtml as h, shorten } from './escape.js';

/**
 * Inline SVG charts for the briefing: self-contained (no scripts, no fonts but the generic
 * `sans-serif`), titled and labelled with their numbers, and legible printed in grey.
 */

const font = 'font-family="sans-serif"';
const listColours = ['#1f5fa8', '#e08a1e', '#2a9d5c', '#8e44ad', '#c0392b', '#5d6d7e'];
const stanceColours: Record<Stance, string> = { support: '#2a7d3e', oppose: '#b3261e', changes: '#c77c00' };
const stanceLabels: Record<Stance, string> = { support: 'Support', oppose: 'Oppose', changes: 'Ask for changes' };

function svg(id: string, title: string, size: { width: number; height: number }, body: string[]): string {
  const { width, height } = size;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${id}" role="img" aria-labelledby="${id}-title" ` +
    `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ${font} font-size="12">` +
    `<title id="${id}-title">${h(title)}</title>` +
    `<text x="0" y="16" font-size="15" font-weight="bold" fill="#1a1a1a">${h(title)}</text>` +
    `${body.join('')}</svg>`
  );
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${round(x)}" y="${round(y)}" ${attributes}>${h(content)}</text>`;
}

function rect(x: number, y: number, width: number, height: number, attributes: string): string {
  return `<rect x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}" ${attributes}/>`;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A legend row of coloured squares, left to right from `x`. */
function legend(entries: { label: string; fill: string; stroke?: string }[], x: number, y: number): string[] {
  let at = x;
  return entries.flatMap((entry) => {
    const mark = rect(at, y - 10, 12, 12, `fill="${entry.fill}" stroke="${entry.stroke ?? entry.fill}"`);
    const label = text(at + 16, y, entry.label, 'fill="#333"');
    at += 28 + entry.label.length * 7;
    return [mark, label];
  });
}

/** Gridline steps that give whole numbers and at most about five lines. */
function ticks(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / 5));
  const values: number[] = [];
  for (let value = 0; value <= max; value += step) values.push(value);
  return values;
}

interface DayAxis {
  left: number;
  top: number;
  bottom: number;
  group: number;
  barWidth: number;
  max: number;
}

const yOf = (axis: DayAxis, value: number) => axis.bottom - ((axis.bottom - axis.top) * value) / axis.max;

/** One day's bars, one a list, each with its count on top when there is room. */
function dayBars(axis: DayAxis, data: DailyMessages, d: number): string[] {
  const groupStart = axis.left + d * axis.group + (axis.group - axis.barWidth * data.lists.length) / 2;
  // A gap between neighbouring bars only while they are wide enough to spare it.
  const drawnWidth = axis.barWidth > 3 ? axis.barWidth - 1 : axis.barWidth;
  return data.lists.flatMap((list, l) => {
    const count = data.counts[d]?.[l] ?? 0;
    if (count === 0) return [];
    const x = groupStart + l * axis.barWidth;
    const top = yOf(axis, count);
    const bar = rect(x, top, drawnWidth, axis.bottom - top, `fill="${listColours[l % listColours.length]}"`);
    const label = axis.barWidth >= 12 ? [text(x + axis.barWidth / 2, top - 3, String(count), 'text-anchor="middle" font-size="10" fill="#333"')] : [];
    return [`<g><title>${h(`${data.days[d]} ${list}: ${count}`)}</title>${bar}</g>`, ...label];
  });
}

/** The chart's title: by day, or by the longer period a long thread is counted in. */
export function messagesChartTitle(data: DailyMessages): string {
  return `Messages per ${data.unit ?? 'day'}, by list`;
}

/** A period's label on the axis: its day, its week's first day, its month or its year. */
function periodLabel(day: string, unit: DailyMessages['unit']): string {
  if (unit === 'year') return day.slice(0, 4);
  if (unit === 'month') return day.slice(0, 7);
  return shortDay(new Date(`${day}T00:00:00Z`));
}

/** Grouped bars: one group a day (or week, month, year), one bar a list. */
export function messagesPerDayChart(data: DailyMessages): string {
  const title = messagesChartTitle(data);
  const width = 640;
  if (data.days.length === 0) return svg('chart-messages-per-day', title, { width, height: 60 }, [text(0, 44, 'No dated messages.', 'fill="#555"')]);
  const height = 260;
  const left = 34;
  const plotWidth = width - left - 8;
  const group = plotWidth / data.days.length;
  const axis: DayAxis = {
    left,
    top: 56,
    bottom: height - 36,
    group,
    barWidth: Math.min(28, (group * 0.8) / Math.max(1, data.lists.length)),
    max: largest(data.counts.flat(), 1),
  };
  const labelEvery = Math.ceil(data.days.length / Math.floor(plotWidth / 48));
  const body = [
    ...legend(data.lists.map((list, i) => ({ label: list, fill: listColours[i % listColours.length]! })), left, 38),
    ...ticks(axis.max).flatMap((value) => [
      `<line x1="${left}" x2="${width - 8}" y1="${round(yOf(axis, value))}" y2="${round(yOf(axis, value))}" stroke="#ddd"/>`,
      text(left - 6, yOf(axis, value) + 4, String(value), 'text-anchor="end" fill="#555"'),
    ]),
    ...data.days.flatMap((day, d) => [
      ...dayBars(axis, data, d),
      ...(d % labelEvery === 0 ? [text(left + d * group + group / 2, axis.bottom + 16, periodLabel(day, data.unit), 'text-anchor="middle" fill="#333"')] : []),
    ]),
    `<line x1="${left}" x2="${width - 8}" y1="${axis.bottom}" y2="${axis.bottom}" stroke="#555"/>`,
    text(left, height - 4, 'a message posted to two lists counts in each', 'font-size="10" fill="#666"'),
  ];
  return svg('chart-messages-per-day', title, { width, height }, body);
}

const coveredStyle = { fill: '#a8d5b1', stroke: '#2a7d3e' };
const uncoveredStyle = { fill: '#b3261e', stroke: '#b3261e' };

/**
 * Two panels side by side, not covered on the left and covered on the right, one horizontal bar a
 * technology on one scale, so a chair sees at once how much of what people raised the draft misses.
 */
export function technologyRespondentsChart(bars: TechnologyBar[], draftLabel: string): string {
  const title = 'People who raised each technology';
  const width = 760;
  if (bars.length === 0) return svg('chart-technologies', title, { width, height: 60 }, [text(0, 44, 'No technology from the taxonomy was raised.', 'fill="#555"')]);
  const panels = [
    { heading: 'Not covered', rows: bars.filter((b) => !b.covered), style: uncoveredStyle },
    { heading: 'Covered', rows: bars.filter((b) => b.covered), style: coveredStyle },
  ];
  const rowHeight = 18;
  const top = 58;
  const panelWidth = width / 2;
  const labelWidth = 150;
  const max = largest(bars.map((b) => b.respondents), 1);
  const scale = (panelWidth - labelWidth - 34) / max;
  const body = panels.flatMap((panel, p) => {
    const x = p * panelWidth;
    const heading = text(x, top, `${panel.heading} (${panel.rows.length})`, 'font-weight="bold" fill="#1a1a1a"');
    const rows = panel.rows.flatMap((row, i) => {
      const y = top + 8 + i * rowHeight;
      return [
        text(x + labelWidth - 6, y + 13, shorten(row.name, 22), 'text-anchor="end" fill="#1a1a1a"'),
        rect(x + labelWidth, y + 2, row.respondents * scale, rowHeight - 5, `fill="${panel.style.fill}" stroke="${panel.style.stroke}"`),
        text(x + labelWidth + row.respondents * scale + 5, y + 13, String(row.respondents), 'fill="#333"'),
      ];
    });
    const none = panel.rows.length ? [] : [text(x + labelWidth, top + 21, 'none', 'fill="#555"')];
    return [heading, ...rows, ...none];
  });
  const tallest = largest(panels.map((panel) => panel.rows.length), 1);
  return svg('chart-technologies', title, { width, height: top + 16 + tallest * rowHeight }, [
    text(0, 34, `coverage as judged against ${draftLabel}; a bar counts people`, 'font-size="11" fill="#555"'),
    ...body,
  ]);
}

/** One bar a stance, solid for clear positions and pale for hedged ones. */
export function positionsChart(counts: PositionCounts): string {
  const title = 'Positions of the respondents';
  const rows = (Object.keys(stanceLabels) as Stance[]).map((stance) => ({
    label: stanceLabels[stance],
    certain: counts.certain[stance],
    uncertain: counts.uncertain[stance],
    colour: stanceColours[stance],
  }));
  rows.push({ label: 'No position stated', certain: counts.none, uncertain: 0, colour: '#9aa0a6' });
  const width = 420;
  const labelWidth = 130;
  const rowHeight = 26;
  const top = 52;
  const max = largest(rows.map((r) => r.certain + r.uncertain), 1);
  const scale = (width - labelWidth - 120) / max;
  const body = [
    ...legend([{ label: 'clear', fill: '#555' }, { label: 'hedged ("+1, but ...")', fill: '#ddd', stroke: '#555' }], 0, 38),
    ...rows.flatMap((row, i) => {
      const y = top + i * rowHeight;
      const total = row.certain + row.uncertain;
      const note = row.uncertain ? `${total} (${row.uncertain} hedged)` : String(total);
      return [
        text(labelWidth - 8, y + 16, row.label, 'text-anchor="end" fill="#1a1a1a"'),
        rect(labelWidth, y + 4, row.certain * scale, rowHeight - 8, `fill="${row.colour}"`),
        rect(labelWidth + row.certain * scale, y + 4, row.uncertain * scale, rowHeight - 8, `fill="${row.colour}" fill-opacity="0.3" stroke="${row.colour}"`),
        text(labelWidth + total * scale + 6, y + 16, note, 'fill="#333"'),
      ];
    }),
  ];
  return svg('chart-positions', title, { width, height: top + rows.length * rowHeight + 6 }, body);
}
