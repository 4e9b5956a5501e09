import { briefHtml } from './brief-html.js';
import { briefMarkdown, type MarkdownBrief } from './brief-markdown.js';
import { listing, longDay } from './brief-text.js';
import { positionWords } from './call-words.js';
import { coverageJson } from './coverage-json.js';
import { archiveLink, escapeHtml, escapeMarkdown, shorten } from './escape.js';
import { threadJson } from './thread-json.js';
import { isoTime as iso, listlensUserAgent, plural } from '../core/index.js';
import type { Brief } from '../analyse/index.js';
import type { ThreadCoverage } from '../analyse/index.js';
import { type NewMessage, nothingNew, type SinceLastReport } from '../analyse/index.js';
import type { ThreadSummaryReport } from '../analyse/index.js';

export const reportSchema = 'listlens/report@1';

/** Everything one scheduled report shows: the chair briefing with "Since the last report" on top. */
export interface ReportDocument {
  name: string;
  /** `YYYY-MM-DD`, the dated files' name. */
  date: string;
  generatedAt: Date;
  fingerprint: string;
  brief: Brief;
  coverage: ThreadCoverage;
  summary: ThreadSummaryReport;
  since: SinceLastReport;
}

const sinceHeading = 'Since the last report';

/** The few constructs the section needs, in Markdown or HTML; `text` escapes mail text. */
interface Markup {
  text(text: string): string;
  link(url: string | null, label: string): string;
  strong(text: string): string;
  quote(text: string): string;
  paragraph(content: string): string;
  list(items: string[]): string;
  section(heading: string, blocks: string[]): string;
}

function linkTo(url: string | null, label: string, anchor: (href: string) => string): string {
  const safe = archiveLink(url);
  return safe ? anchor(safe) : label;
}

const markdown: Markup = {
  text: escapeMarkdown,
  link: (url, label) => linkTo(url, label, (href) => `[${label}](${href})`),
  strong: (text) => `**${text}**`,
  quote: (text) => `“${escapeMarkdown(text)}”`,
  paragraph: (content) => content,
  list: (items) => items.map((item) => `- ${item}`).join('\n'),
  section: (heading, blocks) => [`## ${heading}`, ...blocks].join('\n\n'),
};

const html: Markup = {
  text: escapeHtml,
  link: (url, label) => linkTo(url, label, (href) => `<a href="${escapeHtml(href)}">${label}</a>`),
  strong: (text) => `<strong>${text}</strong>`,
  quote: (text) => `<span class="quote">“${escapeHtml(text)}”</span>`,
  paragraph: (content) => `<p>${content}</p>`,
  list: (items) => `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`,
  section: (heading, blocks) => `<section class="since"><h2>${heading}</h2>${blocks.join('')}</section>`,
};

const day = (date: Date | null): string => (date ? longDay(date) : 'undated');
/** A report's `YYYY-MM-DD` as words: `28 February 2021`. */
const reportDay = (date: string): string => longDay(new Date(`${date}T00:00:00Z`));

function sinceSection(since: SinceLastReport, judged: string, m: Markup): string {
  const previous = since.previousReport;
  if (!previous) {
    const first =
      'This is the first report: from the next one on, this section names the new messages, new respondents, ' +
      'newly raised and newly covered technologies, a new draft revision, and whose position on the call changed.';
    return m.section(sinceHeading, [m.paragraph(first)]);
  }
  const heading = `${sinceHeading} (${reportDay(previous.date)})`;
  if (nothingNew(since)) {
    return m.section(heading, [m.paragraph(`Nothing new since the report of ${reportDay(previous.date)}: no new messages, respondents, positions, technologies or draft revision.`)]);
  }
  return m.section(heading, [...messageBlocks(since, m), ...technologyBlocks(since, m.text(judged), m)]);
}

function messageBlocks(since: SinceLastReport, m: Markup): string[] {
  const blocks: string[] = [];
  if (since.newMessages.length > 0) {
    blocks.push(m.paragraph(m.strong(`${plural(since.newMessages.length, 'new message')}:`)), m.list(since.newMessages.map((message) => newMessage(message, m))));
  }
  if (since.newRespondents.length > 0) {
    blocks.push(m.paragraph(`${m.strong(`${plural(since.newRespondents.length, 'new respondent')}:`)} ${m.text(listing(since.newRespondents))}`));
  }
  if (since.positionChanges.length > 0) {
    const items = since.positionChanges.map((change) => {
      const was = change.before ? `${positionWords[change.before]} → ` : '';
      const words = change.evidence ? ` ${m.link(change.evidence.url, m.quote(shorten(change.evidence.text, 160)))}` : '';
      return `${m.text(change.participant)}: ${was}${positionWords[change.after]}.${words}`;
    });
    blocks.push(m.paragraph(m.strong(`Positions changed (${items.length}):`)), m.list(items));
  }
  return blocks;
}

function newMessage(message: NewMessage, m: Markup): string {
  const raised = message.technologies.length ? `raised ${m.text(listing(message.technologies.map((t) => t.name)))}` : 'raised no technology';
  const gist = message.gist ? ` ${m.quote(shorten(message.gist, 220))}` : '';
  return `${day(message.date)}, ${m.link(message.url, m.text(message.author))}: ${raised}.${gist}`;
}

function technologyBlocks(since: SinceLastReport, judged: string, m: Markup): string[] {
  const blocks: string[] = [];
  if (since.newlyRaised.length > 0) {
    const items = since.newlyRaised.map(
      (t) => `${m.text(t.name)} (raised by ${m.text(listing(t.raisedBy))}; ${t.covered ? 'covered' : 'not covered'} by ${judged})`,
    );
    blocks.push(m.paragraph(m.strong(`Newly raised (${items.length}):`)), m.list(items));
  }
  if (since.newlyCovered.length > 0) {
    const items = since.newlyCovered.map((t) => `${m.text(t.name)} (${t.sections.map((s) => `§${m.text(s.number)} ${m.text(s.title)}`).join('; ')})`);
    blocks.push(m.paragraph(m.strong(`Newly covered by ${judged} (${items.length}):`)), m.list(items));
  }
  if (since.noLongerCovered.length > 0) {
    blocks.push(m.paragraph(`${m.strong(`No longer covered by ${judged} (${since.noLongerCovered.length}):`)} ${m.text(listing(since.noLongerCovered.map((t) => t.name)))}`));
  }
  const revision = since.newDraftRevision;
  if (revision) {
    const was = revision.previous ? ` (the last report judged ${m.text(revision.previous)})` : '';
    blocks.push(m.paragraph(`${m.strong('New draft revision:')} ${m.text(revision.current)}${was}`));
  }
  return blocks;
}

const judgedDraft = (doc: ReportDocument): string => doc.brief.drafts.at(-1) ?? 'the draft';

/** Puts `section` where `marker` first occurs; the briefing renderers are not this module's, so a missing marker is an error, not a silent omission. */
function insertAt(document: string, marker: string, section: string, after: boolean): string {
  const at = document.indexOf(marker);
  if (at < 0) throw new Error(`the briefing has no ${JSON.stringify(marker)} to put "${sinceHeading}" by`);
  const cut = after ? at + marker.length : at;
  return `${document.slice(0, cut)}${section}${document.slice(cut)}`;
}

/** The briefing as Markdown, "Since the last report" after its header; charts as SVG files in `chartsDir` beside it. */
export function reportMarkdown(doc: ReportDocument, chartsDir: string): MarkdownBrief {
  const rendered = briefMarkdown(doc.brief, { chartsDir });
  const section = `\n\n${sinceSection(doc.since, judgedDraft(doc), markdown)}`;
  return { ...rendered, markdown: insertAt(rendered.markdown, '\n\n## ', section, false) };
}

/** The briefing as one self-contained HTML page, "Since the last report" after its header. */
export function reportHtml(doc: ReportDocument): string {
  return insertAt(briefHtml(doc.brief), '</header>\n', `${sinceSection(doc.since, judgedDraft(doc), html)}\n`, true);
}


/** The `sinceLastReport` object of the report's JSON (docs/json.md). */
export function sinceJson(since: SinceLastReport) {
  return {
    first: since.previousReport === null,
    previousReport: since.previousReport,
    newMessages: since.newMessages.map((message) => ({ ...message, date: iso(message.date) })),
    newRespondents: since.newRespondents,
    newlyRaised: since.newlyRaised,
    newlyCovered: since.newlyCovered,
    noLongerCovered: since.noLongerCovered,
    newDraftRevision: since.newDraftRevision,
    positionChanges: since.positionChanges,
  };
}

/** The report as JSON (`listlens/report@1`, docs/json.md): the thread summary and the coverage, as their commands give them. */
export function reportJson(doc: ReportDocument) {
  return {
    schema: reportSchema,
    report: { name: doc.name, date: doc.date, generatedAt: doc.generatedAt.toISOString(), generator: listlensUserAgent, fingerprint: doc.fingerprint },
    sinceLastReport: sinceJson(doc.since),
    thread: threadJson(doc.summary),
    coverage: coverageJson(doc.coverage),
  };
}
