import os from 'node:os';
import path from 'node:path';

/** `--store`, else `LISTLENS_STORE`, else `$XDG_DATA_HOME/listlens/archive.sqlite` (`~/.local/share/...`). */
export function storePath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option) return option;
  if (env.LISTLENS_STORE) return env.LISTLENS_STORE;
  const dataHome = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'listlens', 'archive.sqlite');
}
