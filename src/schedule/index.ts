export { loadReportConfig, type ReportConfig, ReportConfigError, type ReportDefinition, type ReportDraft, type ReportFormat, type ReportSource } from './config.js';
export { acquireReportLock, type ReportLock, ReportLockError, reportLockFile } from './lock.js';
export { type ReportRunOptions, runReports } from './run.js';
