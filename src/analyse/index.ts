export { type ArchiveCopy, type Brief, type BriefParticipant, type BriefTechnology, type DailyMessages, gatherBrief, type PositionCounts, type TechnologyBar } from './brief.js';
export { analyseThread, type RaisedTechnology, type ThreadCoverage } from './coverage.js';
export { type ReportOutcome, type ReportRun, runStatus } from './report-outcome.js';
export { type NewMessage, nothingNew, type ReportSnapshot, sinceLastReport, type SinceLastReport, snapshotOf } from './since-last-report.js';
export { type ParticipantPosition, type Stance, summariseThread, type ThreadSummaryReport, type TimelineEntry } from './summary.js';
export { analyseThreadFully, type JudgedThreadAnalysis, type ThreadAnalysis, type ThreadAnalysisOptions } from './thread-analysis.js';
export { type SearchOptions, type SearchResult, searchMessages } from './search.js';
export { parseDateRange, parseSearchQuery, type DateRange, type SearchQuery, SearchQueryError } from './search-query.js';
