/**
 * The gzh.config schema: every key described and defaulted. `UserConfig` is what people write,
 * `ResolvedConfig` what the rest of the code reads (all defaults filled in, readonly).
 */
import { z } from 'zod';

const severity = z.enum(['off', 'info', 'warn', 'error']);

/** Per lint rule: a severity, true/false, or {severity, allow, deny}. */
export const ruleSettingSchema = z.union([
  z.boolean(),
  severity,
  z
    .object({
      severity: severity.optional().describe('Override the default severity'),
      allow: z.array(z.string()).optional().describe('Words that must not fire for this rule'),
      deny: z.array(z.string()).optional().describe('Extra words that fire for this rule'),
    })
    .strict(),
]);

export const lintConfigSchema = z
  .object({
    rules: z.record(z.string(), ruleSettingSchema).default({}).describe('Per-rule settings keyed by rule id, e.g. "title/sensational": "error"'),
    allow: z.array(z.string()).default([]).describe('Words that never fire, in any rule'),
    deny: z.array(z.string()).default([]).describe('Extra risky words (reported as `title/custom`)'),
    promotional: z.boolean().default(false).describe('Treat articles as promotional: Advertising Law terms become errors'),
  })
  .strict();

export const limitsSchema = z
  .object({
    title: z.number().int().positive().default(32).describe('Max title length in code points (API limit 32; the web editor allows 64)'),
    author: z.number().int().positive().default(16).describe('Max author length in characters'),
    digest: z.number().int().positive().default(128).describe('Max digest length in characters'),
    contentChars: z.number().int().positive().default(20_000).describe('Content must be shorter than this many characters'),
    contentCount: z.enum(['html', 'text']).default('html').describe('What contentChars counts: the HTML as sent (inline styles included; the strict reading) or the visible text'),
    contentBytes: z.number().int().positive().default(1_000_000).describe('Content must be smaller than this many UTF-8 bytes'),
    sourceUrlBytes: z.number().int().positive().default(1024).describe('Max "read original" URL size in bytes'),
    articlesPerDraft: z.number().int().min(1).max(8).default(8).describe('Max articles in one draft'),
  })
  .strict();

export const imagesConfigSchema = z
  .object({
    maxWidth: z.number().int().min(100).max(10_000).default(1080).describe('Resize images wider than this (never upscale)'),
    captions: z.enum(['alt', 'title', 'none']).default('alt').describe('Figure caption source'),
    concurrency: z.number().int().min(1).max(64).optional().describe('Images processed at once (default: CPU cores)'),
    uploadConcurrency: z.number().int().min(1).max(16).default(4).describe('Uploads at once'),
    remoteMaxBytes: z.number().int().positive().default(20 * 1024 * 1024).describe('Size cap for remote images'),
    remoteTimeoutMs: z.number().int().positive().default(15_000).describe('Timeout for fetching one remote image'),
    allowPrivateHosts: z
      .boolean()
      .default(false)
      .describe('Fetch remote images from private, loopback and link-local addresses too (images on your LAN); off, such URLs are refused'),
  })
  .strict();

export const wechatConfigSchema = z
  .object({
    apiBase: z.string().url().optional().describe('API base URL (a fixed-IP relay); env WECHAT_API_BASE wins'),
    token: z.enum(['stable', 'classic']).default('stable').describe('stable_token (default, safe for parallel CI) or the classic /token'),
    timeoutMs: z.number().int().positive().default(30_000).describe('Timeout of one API request'),
    pollMs: z.number().int().min(100).max(60_000).default(2_000).describe('First wait between checks of a publish or push result (freepublish/get, mass/get); 1.5× longer each time, up to 10 s'),
  })
  .strict();

/** What kind of Official Account this is: it decides the push (群发) quota and what the API allows. */
export const accountConfigSchema = z
  .object({
    type: z.enum(['subscription', 'service']).default('subscription').describe('订阅号 (subscription: 1 push a day) or 服务号 (service: 4 pushes a month)'),
    verified: z.boolean().default(true).describe('微信认证: unverified accounts cannot push, publish or preview through the API (48001)'),
  })
  .strict();

/** An account's name in config `accounts:`: it names gzh.lock.d/<name>.json and the env vars WECHAT_APP_ID_<NAME>. */
export const ACCOUNT_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** The env-var suffix of an account name: `tech-cn` → `TECH_CN` (WECHAT_APP_ID_TECH_CN). */
export function envSuffix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * One of several accounts (syndication): credentials from env vars named here (never in the config file), and
 * what differs per account. Unset keys fall back to the top-level ones.
 */
export const namedAccountSchema = z
  .object({
    appIdEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional().describe('Env var holding the AppID (default WECHAT_APP_ID_<NAME>, NAME upper-cased, - as _)'),
    appSecretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional().describe('Env var holding the AppSecret (default WECHAT_APP_SECRET_<NAME>)'),
    type: z.enum(['subscription', 'service']).optional().describe('订阅号 or 服务号 (default: account.type)'),
    verified: z.boolean().optional().describe('微信认证 (default: account.verified)'),
    accountName: z.string().optional().describe('Name shown in previews (default: accountName)'),
    author: z.string().optional().describe('Author of this account\'s articles when front matter has none (default: author)'),
    header: z.string().optional().describe('Header snippet for this account (default: header)'),
    footer: z.string().optional().describe('Footer snippet for this account (default: footer)'),
    theme: z.string().optional().describe('Theme for this account (default: theme)'),
    sourceUrl: z.string().regex(/^https?:\/\/\S+$/, 'an absolute http(s) URL, e.g. https://blog.example.com/{slug}').optional().describe('阅读原文 URL for this account (default: sourceUrl); {slug} is the article\'s slug'),
    apiBase: z.string().url().optional().describe('API base (a fixed-IP relay) for this account; env WECHAT_API_BASE_<NAME> wins (default: wechat.apiBase)'),
    reviewers: z.array(z.string().min(1)).optional().describe('WeChat IDs `gzh preview` sends this account\'s draft to (default: reviewers)'),
  })
  .strict();

export const cadenceConfigSchema = z
  .object({
    minHours: z.number().positive().optional().describe('Warn when a push comes sooner than this after the last one (default 20 h for subscription, 120 h for service accounts)'),
    strict: z.boolean().default(false).describe('A push sooner than cadence.minHours is an error, not a warning'),
  })
  .strict();

export const statsConfigSchema = z
  .object({
    store: z.boolean().default(false).describe('Keep fetched analytics in stats/<account>.csv (commit it): older days stay available and reruns fetch only new days'),
  })
  .strict();

export const configSchema = z
  .object({
    theme: z.string().default('default').describe('Theme name: a file themes/<name>.css in the project or built in'),
    codeTheme: z.string().default('github').describe('Code highlighting colours: github | github-dark | one-light | monokai'),
    themeVars: z.record(z.string(), z.string()).default({}).describe('Override theme custom properties, e.g. {"--gzh-primary": "#0a7"}'),
    contentDir: z.string().default('content').describe('Where articles live'),
    outDir: z.string().default('dist').describe('Where `gzh build` writes'),
    links: z
      .enum(['references', 'inline', 'text'])
      .default('references')
      .describe('External links: numbered references at the end, the URL inline after the text, or text only'),
    linkMarkers: z
      .enum(['superscript', 'sup'])
      .default('superscript')
      .describe('The number after a linked text: superscript digits as plain text (¹², no markup: fits long reads in 20,000 characters) or a styled <sup>[12]</sup>'),
    referencesTitle: z.string().default('参考链接').describe('Heading of the references section'),
    footnotesTitle: z.string().default('注释').describe('Heading of the footnotes section'),
    accountName: z.string().default('').describe('Account name shown in previews'),
    author: z.string().optional().describe('Default author when front matter has none'),
    sourceUrl: z.string().regex(/^https?:\/\/\S+$/, 'an absolute http(s) URL, e.g. https://blog.example.com/{slug}').optional().describe('Default 阅读原文 (read original) URL when front matter has no source_url; {slug} is replaced by the article\'s slug, e.g. https://blog.example.com/{slug}'),
    comments: z.enum(['open', 'fans', 'closed']).default('open').describe('Default comment setting'),
    header: z.string().default('').describe('Put before every article body: Markdown/HTML text, or a path to a .md/.html file relative to the project root'),
    footer: z.string().default('').describe('Put at the very end of every article (after notes and references): Markdown/HTML text, or a .md/.html file path'),
    figureNumbers: z
      .union([z.boolean(), z.string()])
      .default(false)
      .describe('Number figure captions: true for "图 {n}：{caption}", or your own format with {n} and {caption}'),
    emphasisMarks: z.boolean().default(false).describe('Render *emphasis* on Chinese text as 着重号 (dotted underline) instead of italics'),
    calloutTitles: z
      .object({ note: z.string(), tip: z.string(), important: z.string(), warning: z.string(), caution: z.string() })
      .partial()
      .strict()
      .default({})
      .describe('Titles of callouts (> [!NOTE], :::tip) by type; defaults 注意/提示/重要/警告/小心'),
    darkContrast: z.boolean().default(true).describe('Dark-mode safety: adapt code-theme colours and warn about text WeChat dark mode makes hard to read (theme/dark-contrast)'),
    diagrams: z
      .object({
        mermaid: z.boolean().default(true).describe('Render ```mermaid blocks to SVG (needs the add-on: npm install --save-dev mermaid playwright-core, and Chromium; env GZH_CHROMIUM)'),
        chromium: z.string().optional().describe('Chromium/Chrome executable for diagrams (env GZH_CHROMIUM wins)'),
        cacheDir: z.string().default('.gzh-cache/mermaid').describe('Rendered diagrams cache, relative to the project root'),
      })
      .strict()
      .default({ mermaid: true, cacheDir: '.gzh-cache/mermaid' })
      .describe('Diagram rendering'),
    images: imagesConfigSchema.default(imagesConfigSchema.parse({})),
    limits: limitsSchema.default(limitsSchema.parse({})),
    lint: lintConfigSchema.default(lintConfigSchema.parse({})),
    wechat: wechatConfigSchema.default(wechatConfigSchema.parse({})),
    account: accountConfigSchema.default(accountConfigSchema.parse({})),
    accounts: z
      .record(z.string(), namedAccountSchema)
      // checked here, not as the record's key schema, so the message says what a name may be (zod says only "Invalid key")
      .superRefine((accounts, ctx) => {
        for (const name of Object.keys(accounts)) {
          if (!ACCOUNT_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: `\`${name}\` is not an account name: use lower-case letters, digits, - and _ (it names gzh.lock.d/<name>.json and the env vars WECHAT_APP_ID_<NAME>)` });
        }
      })
      .default({})
      .describe('Several accounts by name (gzh publish --account main,tech); empty: the one account of WECHAT_APP_ID / WECHAT_APP_SECRET'),
    cadence: cadenceConfigSchema.default(cadenceConfigSchema.parse({})),
    reviewers: z.array(z.string().min(1)).default([]).describe('WeChat IDs (微信号) `gzh preview` sends the draft to'),
    sendIgnoreReprint: z.boolean().default(false).describe('群发 on when WeChat judges an article a reprint (send_ignore_reprint=1) instead of stopping'),
    stats: statsConfigSchema.default(statsConfigSchema.parse({})),
  })
  .strict();

export type UserConfig = z.input<typeof configSchema>;
type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
export type ResolvedConfig = DeepReadonly<z.output<typeof configSchema> & { /** Project root (folder of the config file or cwd). */ root: string; /** Config file used, if any. */ configFile?: string }>;
export type LintConfig = ResolvedConfig['lint'];

/** For gzh.config.ts: types only, returns its argument. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

/** Defaults for tests and for projects without a config file. */
export function defaultConfig(root = process.cwd()): ResolvedConfig {
  return { ...configSchema.parse({}), root };
}
