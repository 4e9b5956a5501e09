import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled script of a worker thread that lives beside the module at `moduleUrl`: the `.js` next
 * to it, or, when that module runs from its TypeScript source (tests), the one under dist/. Null when
 * it has not been built.
 */
export function workerScript(moduleUrl: string, folder: string, name: string): URL | null {
  const script = moduleUrl.endsWith('.ts') ? new URL(`../../dist/${folder}/${name}.js`, moduleUrl) : new URL(`./${name}.js`, moduleUrl);
  return existsSync(fileURLToPath(script)) ? script : null;
}
