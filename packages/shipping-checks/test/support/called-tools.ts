import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@mapio/testkit';

/**
 * The programs a daemon runs, read from the code it ships: its package's sources and those of the
 * workspace packages it depends on (transitively). A program appears in one of the forms the
 * project writes child processes in:
 *   execFile('fc-match', ...), spawn('x', ...), runTool('stty', ...)   the binary as first argument
 *   { gpioget: 'gpioget', ... }, (vcgencmd = 'vcgencmd')             a tool table or default, named for itself
 *   { binary: 'docker', prefix: ['compose'] }                        a command description
 * Only files that run programs (a call of one of those functions) are read, and our own binaries
 * (`binary: 'mapio-init'` in a CLI spec) are not tools.
 */
export function calledTools(pkg: string): Set<string> {
  const tools = new Set<string>();
  for (const dir of workspaceClosure(pkg)) {
    for (const file of sourceFiles(path.join(repoRoot, 'packages', dir, 'src'))) {
      const text = readFileSync(file, 'utf8');
      if (!RUNS_PROGRAMS.test(text)) continue;
      for (const pattern of TOOL_PATTERNS) for (const match of text.matchAll(pattern)) if (match[1]) tools.add(match[1]);
    }
  }
  return new Set([...tools].filter((tool) => !tool.startsWith('mapio-')));
}

const RUNS_PROGRAMS = /\b(?:execFile|execFileSync|execFileAsync|spawn|spawnSync|runTool)\(/;

const TOOL_PATTERNS = [
  /\b(?:execFile|execFileSync|execFileAsync|spawn|spawnSync|runTool)\(\s*'([\w.+-]+)'/g,
  /\b([a-z][\w-]*)\s*[:=]\s*'\1'/g,
  /\bbinary:\s*'([\w.+-]+)'/g,
];

/** The package and every `@mapio/*` package it depends on, directly or not (folder names). */
function workspaceClosure(pkg: string, seen = new Set<string>()): Set<string> {
  if (seen.has(pkg)) return seen;
  seen.add(pkg);
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'packages', pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (name.startsWith('@mapio/')) workspaceClosure(name.slice('@mapio/'.length), seen);
  }
  return seen;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return file.endsWith('.ts') && !file.endsWith('.d.ts') ? [file] : [];
  });
}
