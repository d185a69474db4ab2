import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function declaresWorkspaces(folder: string): boolean {
  const manifest = join(folder, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object);
  } catch {
    return false;
  }
}

/**
 * `<repo>/.data`, where the local set-up keeps what it makes (uploads, the
 * bus keys): the npm workspace root above `cwd`, so a service finds the same
 * folder whether it starts from the repo root or its own folder; `cwd` itself
 * when no workspace is above it.
 */
export function workspaceDataDir(cwd = process.cwd()): string {
  for (let folder = resolve(cwd); ; folder = dirname(folder)) {
    if (declaresWorkspaces(folder)) return join(folder, '.data');
    if (dirname(folder) === folder) return join(resolve(cwd), '.data');
  }
}
