import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixturePath } from '../helpers/corpus.js';

/** The pid of a process that has exited: what a run killed part-way leaves in its lock. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** The bundled draft the demo judges the bundled thread against. */
export const demoDraft = fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.xml');

/** The reply that arrives after the first report: Ines Carvalho, new to the thread, raising BRSKI, SCEP and ACME. */
export const arrivingId = 'e5c1a7f3-6b2d-4c8e-9a14-3f7d0b5e2c61@example.org';
export const arrivingUrl = 'https://mailarchive.ietf.org/arch/msg/iotops/dsIjGlijdSeJlORQWVAVKewzEMU/';

/** The report of the bundled archive's bootstrapping thread, as a config names it (paths relative to the config). */
export function bootstrappingReport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'iot-bootstrapping',
    lists: ['iotops', 't2trg'],
    source: { import: ['archive'] },
    thread: 'Secure IoT Bootstrapping: A Survey',
    draft: { name: demoDraft },
    formats: ['md', 'html', 'json'],
    output: 'reports',
    ...overrides,
  };
}

/**
 * A temporary folder holding a copy of the bundled archive (`archive/`), a config
 * (`listlens.config.json`) and, once run, the store and `reports/`.
 */
export class ReportWorkspace {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-report-'));
  readonly configFile = path.join(this.dir, 'listlens.config.json');
  readonly storeFile = path.join(this.dir, 'archive.sqlite');

  constructor(reports: Record<string, unknown>[] = [bootstrappingReport()]) {
    cpSync(fixturePath('archive/iotops'), path.join(this.dir, 'archive', 'iotops'), { recursive: true });
    cpSync(fixturePath('archive/t2trg'), path.join(this.dir, 'archive', 't2trg'), { recursive: true });
    this.writeConfig({ reports });
  }

  writeConfig(config: unknown): void {
    writeFileSync(this.configFile, `${JSON.stringify(config, null, 2)}\n`);
  }

  /** The new reply lands in the archive copy as `iotops/2021-03.mail`. */
  addArrivingMessage(): void {
    cpSync(fixturePath('report/arriving/iotops/2021-03.mail'), path.join(this.dir, 'archive', 'iotops', '2021-03.mail'));
  }

  reportFile(report: string, file: string): string {
    return path.join(this.dir, 'reports', report, file);
  }

  read(report: string, file: string): string {
    return readFileSync(this.reportFile(report, file), 'utf8');
  }

  /** Every file under `reports/`, relative, with its content and modification time: to show that nothing was written. */
  outputs(): Record<string, { content: string; mtimeMs: number }> {
    const root = path.join(this.dir, 'reports');
    const found: Record<string, { content: string; mtimeMs: number }> = {};
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else found[path.relative(root, file)] = { content: readFileSync(file, 'utf8'), mtimeMs: statSync(file).mtimeMs };
      }
    };
    walk(root);
    return found;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
