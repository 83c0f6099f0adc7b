/**
 * Find, load and validate gzh.config.{ts,mts,mjs,js,json,yaml,yml}. Returns `{config, warnings, errors}`
 * (Vite/changesets style) so callers decide: commands turn errors into exit code 2.
 * Problems name the file, the line of the key (for JSON/YAML) and what is expected.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { locateYamlError } from '../compile/locate-yaml-error.js';
import { configSchema, type ResolvedConfig } from './schema.js';
import { checkConfigThemes } from './themes.js';

export const CONFIG_FILES = ['gzh.config.ts', 'gzh.config.mts', 'gzh.config.mjs', 'gzh.config.js', 'gzh.config.json', 'gzh.config.yaml', 'gzh.config.yml'];

export interface LoadConfigResult {
  config: ResolvedConfig;
  warnings: string[];
  errors: ConfigError[];
}

/** The nearest folder (from `cwd` up) holding a config file, package.json or .git; else `cwd`. */
export function findProjectRoot(cwd: string): { root: string; configFile?: string } {
  let dir = path.resolve(cwd);
  for (;;) {
    const configFile = CONFIG_FILES.map((f) => path.join(dir, f)).find((f) => existsSync(f));
    if (configFile) return { root: dir, configFile };
    if (existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, '.git'))) return { root: dir };
    const parent = path.dirname(dir);
    if (parent === dir) return { root: path.resolve(cwd) };
    dir = parent;
  }
}

export async function loadConfig(cwd: string, explicitFile?: string): Promise<LoadConfigResult> {
  const found = explicitFile ? { root: path.dirname(path.resolve(cwd, explicitFile)), configFile: path.resolve(cwd, explicitFile) } : findProjectRoot(cwd);
  const warnings: string[] = [];
  const errors: ConfigError[] = [];
  const fallback = { ...configSchema.parse({}), root: found.root } as ResolvedConfig;
  if (!found.configFile) return { config: fallback, warnings, errors };
  const file = found.configFile;
  const shown = path.relative(cwd, file) || file;
  if (!existsSync(file)) {
    errors.push(new ConfigError(`Config file ${shown} does not exist`, { file: shown }));
    return { config: fallback, warnings, errors };
  }

  let raw: unknown;
  let locate: (keyPath: (string | number)[]) => number | undefined = () => undefined;
  try {
    if (/\.(json|ya?ml)$/.test(file)) {
      const text = readFileSync(file, 'utf8');
      const counter = new LineCounter();
      const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
      const first = doc.errors[0];
      if (first) {
        // yaml reports an unclosed [ { or quote where it notices, a line late: point at the opener
        const pos = counter.linePos(locateYamlError(doc, first));
        errors.push(new ConfigError(`${shown} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${first.message.split('\n')[0]}`, { file: shown, line: pos.line, column: pos.col }));
        return { config: fallback, warnings, errors };
      }
      raw = doc.toJS() ?? {};
      locate = (keyPath) => {
        // the deepest node that exists on the path
        for (let n = keyPath.length; n > 0; n--) {
          const node = doc.getIn(keyPath.slice(0, n), true);
          if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
        }
        return undefined;
      };
    } else {
      const { createJiti } = await import('jiti');
      const jiti = createJiti(pathToFileURL(file).href, { moduleCache: false, interopDefault: true });
      const mod = (await jiti.import(file)) as { default?: unknown };
      raw = mod && typeof mod === 'object' && 'default' in mod ? mod.default : mod;
      if (typeof raw === 'function') raw = await (raw as () => unknown)();
    }
  } catch (error) {
    errors.push(new ConfigError(`Could not load ${shown}: ${(error as Error).message}`, { file: shown, hint: 'Fix the syntax error, or delete the file to use the defaults' }));
    return { config: fallback, warnings, errors };
  }

  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const keyPath = issue.path as (string | number)[];
      const line = locate(issue.code === 'unrecognized_keys' ? [...keyPath, issue.keys[0]!] : keyPath);
      errors.push(issueToError(issue, shown, line));
    }
    return { config: fallback, warnings, errors };
  }
  const config = { ...parsed.data, root: found.root, configFile: file } as ResolvedConfig;
  errors.push(...checkConfigThemes(config, found.root, (key) => ({ file: shown, line: locate([key]) })));
  return { config: errors.length ? fallback : config, warnings, errors };
}

function issueToError(issue: z.core.$ZodIssue, file: string, line: number | undefined): ConfigError {
  const key = issue.path.join('.') || '(top level)';
  let what = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return new ConfigError(`Unknown config key${issue.keys.length > 1 ? 's' : ''} ${keys}${issue.path.length ? ` in \`${key}\`` : ''}`, {
      file,
      line,
      hint: `Remove it or check the spelling; known keys are listed in the README under "Configuration"`,
    });
  }
  if (issue.code === 'invalid_union' && /^lint\.rules\./.test(key)) what = 'expected off, info, warn, error, true, false, or {severity, allow, deny}';
  else if (issue.code === 'invalid_type') what = `expected ${issue.expected}`;
  else if (issue.code === 'invalid_value') what = `expected one of ${(issue.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return new ConfigError(`Config key \`${key}\`: ${what}`, { file, line });
}
