export { loadReportConfig, type ReportConfig, ReportConfigError } from './config.js';
export { acquireReportLock, type ReportLock, ReportLockError, reportLockFile } from './lock.js';
export { runReports } from './run.js';
