import type { Brief } from '../analyse/index.js';
import { messagesChartTitle, messagesPerDayChart, positionsChart, technologyRespondentsChart } from './charts.js';

export interface BriefChart {
  /** File name stem, for the SVG files beside a Markdown briefing. */
  name: string;
  title: string;
  svg: string;
}

/** The briefing's three charts, the same in HTML and Markdown. */
export function briefCharts(brief: Brief): BriefChart[] {
  const { charts } = brief;
  return [
    { name: 'messages-per-day', title: messagesChartTitle(charts.messagesPerDay), svg: messagesPerDayChart(charts.messagesPerDay) },
    { name: 'positions', title: 'Positions of the respondents', svg: positionsChart(charts.positions) },
    {
      name: 'technologies',
      title: 'People who raised each technology, covered or not',
      svg: technologyRespondentsChart(charts.technologies, brief.drafts.at(-1) ?? 'the draft'),
    },
  ];
}
