import { describe, expect, it } from 'vitest';
import { messagesPerDayChart, positionsChart, technologyRespondentsChart } from '../../src/render/charts.js';
import { sampleBrief } from './sample-brief.js';

const { charts } = sampleBrief();

/** `<g><title>2021-02-20 t2trg: 1</title>…`: the tooltip each bar carries. */
const barTitles = (svg: string) => [...svg.matchAll(/<g><title>([^<]*)<\/title>/g)].map((m) => m[1]);
const texts = (svg: string) => [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
const rectWidths = (svg: string, fill: string) =>
  [...svg.matchAll(new RegExp(`<rect [^>]*width="([\\d.]+)"[^>]*fill="${fill}"`, 'g'))].map((m) => Number(m[1]));

describe('the charts', () => {
  it('are self-contained SVG with a title and no scripts, links or external resources', () => {
    for (const svg of [
      messagesPerDayChart(charts.messagesPerDay),
      positionsChart(charts.positions),
      technologyRespondentsChart(charts.technologies, 'draft-example-x-05'),
    ]) {
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*viewBox="0 0 \d+ \d+"/);
      expect(svg).toMatch(/<title id="chart-[a-z-]+-title">[^<]+<\/title>/);
      expect(svg).not.toMatch(/<script|href|url\(|@import|@font-face/);
      expect(svg).toContain('font-family="sans-serif"');
    }
  });

  it('draw one bar per day and list with messages, and label every day', () => {
    const svg = messagesPerDayChart(charts.messagesPerDay);
    expect(barTitles(svg)).toEqual(['2021-02-19 iotops: 1', '2021-02-20 iotops: 1', '2021-02-20 t2trg: 1', '2021-02-22 t2trg: 1']);
    expect(texts(svg)).toEqual(expect.arrayContaining(['19 Feb', '20 Feb', '21 Feb', '22 Feb', 'iotops', 't2trg']));
  });

  it('thin the day labels of a long thread so they do not overlap, and keep its bars drawable', () => {
    const days = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10));
    const svg = messagesPerDayChart({ days, lists: ['iotops'], counts: days.map(() => [1]) });
    const labels = texts(svg).filter((t) => /^\d+ [A-Z][a-z]{2}$/.test(t!));
    expect(rectWidths(svg, '#1f5fa8').every((width) => width > 0)).toBe(true);
    expect(labels).toEqual(['1 Jan', '6 Jan', '11 Jan', '16 Jan', '21 Jan', '26 Jan', '31 Jan', '5 Feb', '10 Feb', '15 Feb', '20 Feb', '25 Feb']);
  });

  it('escape list and technology names', () => {
    const svg = messagesPerDayChart({ days: ['2021-02-19'], lists: ['<b>'], counts: [[2]] });
    expect(svg).toContain('>&lt;b&gt;</text>');
    expect(technologyRespondentsChart([{ name: 'A & <B>', respondents: 1, covered: true }], 'd')).toContain('>A &amp; &lt;B&gt;</text>');
  });

  it('split technologies into a not-covered and a covered panel, bars on one scale', () => {
    const svg = technologyRespondentsChart(charts.technologies, 'draft-example-x-05');
    expect(texts(svg)).toEqual(['People who raised each technology', 'coverage as judged against draft-example-x-05; a bar counts people', 'Not covered (1)', 'DPP', '2', 'Covered (1)', 'BRSKI', '1']);
    const [dpp] = rectWidths(svg, '#b3261e');
    const [brski] = rectWidths(svg, '#a8d5b1');
    expect(dpp).toBeCloseTo(2 * brski!, 1);
    const xOf = (label: string) => Number(new RegExp(`<text x="([\\d.]+)"[^>]*>${label}</text>`).exec(svg)![1]);
    expect(xOf('Covered \\(1\\)')).toBe(380);
    expect(texts(technologyRespondentsChart([{ name: 'EST', respondents: 3, covered: true }], 'd'))).toContain('none');
  });

  it('show each stance with its hedged share, and who stated none', () => {
    const svg = positionsChart(charts.positions);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Support', 'Oppose', 'Ask for changes', 'No position stated', '1 (1 hedged)']));
  });

  it('say so instead of drawing empty axes', () => {
    expect(texts(messagesPerDayChart({ days: [], lists: [], counts: [] }))).toContain('No dated messages.');
    expect(texts(technologyRespondentsChart([], 'd'))).toContain('No technology from the taxonomy was raised.');
  });
});

describe('a thread of a year', () => {
  it('still draws every bar with a positive width', () => {
    const days = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10));
    const svg = messagesPerDayChart({ days, lists: ['iotops', 't2trg'], counts: days.map(() => [1, 2]) });
    const widths = [...svg.matchAll(/<g><title>[^<]*<\/title><rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths.length).toBe(730);
    expect(Math.min(...widths)).toBeGreaterThan(0);
  });
});
