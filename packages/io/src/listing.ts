// Resolves user paths (files, folders, simple globs, `file:` URIs) into the list of data files to read,
// skipping hidden and metadata files the way Spark's InMemoryFileIndex does.

import { readdir, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlintError } from '@flint/common';
import type { FileInfo } from './format.js';

/** Spark's rule: `_x` (unless a `k=v` folder) and `.x` are hidden; so are in-flight `._COPYING_` files. */
export function isHiddenName(name: string): boolean {
  return (name.startsWith('_') && !name.includes('=')) || name.startsWith('.') || name.endsWith('._COPYING_');
}

export function pathNotFound(absPath: string): FlintError {
  return new FlintError(
    'PATH_NOT_FOUND',
    `[PATH_NOT_FOUND] Path does not exist: file:${absPath}. SQLSTATE: 42K03`,
    { path: `file:${absPath}` },
    null,
    '42K03',
  );
}

/** Turns `file:/x`, `file:///x` or a relative path into an absolute local path. */
export function toLocalPath(p: string): string {
  if (p.startsWith('file://')) return nodePath.resolve(fileURLToPath(p));
  if (p.startsWith('file:')) return nodePath.resolve(p.slice('file:'.length));
  return nodePath.resolve(p);
}

const GLOB_CHARS = /[*?[{]/;

/** A Hadoop-style glob component (`*`, `?`, `[abc]`, `{a,b}`) as a RegExp. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('^') || body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else if (c === '{') {
      inBraces++;
      re += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      re += ')';
    } else if (c === ',' && inBraces > 0) re += '|';
    else if (c === '\\' && i + 1 < glob.length) re += '\\' + glob[++i]!;
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

async function statOrNull(p: string): Promise<Awaited<ReturnType<typeof stat>> | null> {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

/** Expands a glob path into the existing paths it matches (sorted). */
async function expandGlob(absPath: string): Promise<string[]> {
  const root = nodePath.parse(absPath).root;
  const parts = absPath
    .slice(root.length)
    .split(nodePath.sep)
    .filter((s) => s !== '');
  let current: string[] = [root];
  for (const part of parts) {
    const next: string[] = [];
    if (!GLOB_CHARS.test(part)) {
      for (const dir of current) {
        const p = nodePath.join(dir, part);
        if ((await statOrNull(p)) !== null) next.push(p);
      }
    } else {
      const re = globToRegExp(part);
      for (const dir of current) {
        let names: string[];
        try {
          names = await readdir(dir);
        } catch {
          continue;
        }
        for (const n of names.sort())
          if (re.test(n) && !(isHiddenName(n) && !/^[_.]/.test(part))) next.push(nodePath.join(dir, n));
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

/** All visible files under a folder, recursing into visible subfolders (Hive partition folders included). */
export async function listLeafFiles(dir: string, out: FileInfo[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (isHiddenName(e.name)) continue;
    const p = nodePath.join(dir, e.name);
    const st = await statOrNull(p);
    if (st === null) continue;
    if (st.isDirectory()) await listLeafFiles(p, out);
    else if (st.isFile()) out.push({ path: p, size: Number(st.size), modificationTime: Number(st.mtimeMs) });
  }
}

/** Whether a path contains glob characters (`*`, `?`, `[`, `{`). */
export function isGlobPath(p: string): boolean {
  return GLOB_CHARS.test(p);
}

/**
 * The root paths of a read: each user path as an absolute local path, a glob replaced by the existing
 * paths it matches (sorted). A path or glob matching nothing throws PATH_NOT_FOUND.
 */
export async function expandRootPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const raw of paths) {
    const abs = toLocalPath(raw);
    const matches = GLOB_CHARS.test(abs) ? await expandGlob(abs) : [abs];
    if (matches.length === 0) throw pathNotFound(abs);
    for (const m of matches) {
      if ((await statOrNull(m)) === null) throw pathNotFound(m);
      if (!out.includes(m)) out.push(m);
    }
  }
  return out;
}

/**
 * Resolves paths to data files. A file stands for itself, a folder for its visible files (recursively),
 * a glob in any component for what it matches. A path (or glob) matching nothing throws PATH_NOT_FOUND.
 */
export async function resolvePaths(paths: readonly string[]): Promise<FileInfo[]> {
  const out: FileInfo[] = [];
  const seen = new Set<string>();
  for (const raw of paths) {
    const abs = toLocalPath(raw);
    const matches = GLOB_CHARS.test(abs) ? await expandGlob(abs) : [abs];
    if (matches.length === 0) throw pathNotFound(abs);
    for (const m of matches) {
      const st = await statOrNull(m);
      if (st === null) throw pathNotFound(m);
      const found: FileInfo[] = [];
      if (st.isDirectory()) await listLeafFiles(m, found);
      else found.push({ path: m, size: Number(st.size), modificationTime: Number(st.mtimeMs) });
      for (const f of found) {
        if (seen.has(f.path)) continue;
        seen.add(f.path);
        out.push(f);
      }
    }
  }
  return out;
}
