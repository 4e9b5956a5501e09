export { emit, writeFileAtomic } from './atomic-file.js';
export { PdfError, printPdf } from './pdf.js';
