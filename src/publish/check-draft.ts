/**
 * Everything before the network, for one draft: compile every article, run the checks (src/check), and count
 * what blocks publishing. The dry run and the real run start from the same CheckedDraft.
 */
import { articleFields, checkArticle, isForceable, type ArticleFields } from '../check/index.js';
import { UsageError, type Message } from '../errors.js';
import type { Project } from '../project/load-project.js';
import { loadArticle, type LoadedArticle } from '../project/load-article.js';
import { toProjectPath, type PublishInputs } from './inputs.js';

export interface CheckedArticle {
  article: LoadedArticle;
  /** Path relative to the project root, posix: the identity used in gzh.lock. */
  projectPath: string;
  fields: ArticleFields;
  /** Compile and check messages of this article. */
  messages: Message[];
  /** http(s) images nothing has fetched yet. */
  remoteImages: { src: string; line: number; column?: number }[];
}

export interface CheckedDraft {
  inputs: PublishInputs;
  articles: CheckedArticle[];
  /** Errors `--force` gets past (title wording) and errors nothing gets past. */
  forceableErrors: number;
  otherErrors: number;
  /** True when an error blocks publishing (title-wording errors count unless `force`). */
  blocked: boolean;
}

export async function checkDraft(project: Project, inputs: PublishInputs, options: { theme?: string; force?: boolean } = {}): Promise<CheckedDraft> {
  const { config } = project;
  const max = config.limits.articlesPerDraft;
  if (inputs.files.length > max) {
    throw new UsageError(`A draft holds at most ${max} articles; ${inputs.files.length} were given`, {
      hint: 'Split them into several drafts (one `gzh publish` per draft, e.g. with one manifest each), or publish each article as its own draft with --each',
    });
  }
  const theme = options.theme ?? inputs.manifest?.theme;
  const loaded: LoadedArticle[] = [];
  for (const file of inputs.files) loaded.push(await loadArticle(file, config, { cwd: project.cwd, theme, env: project.env }));

  let forceableErrors = 0;
  let otherErrors = 0;
  const articles: CheckedArticle[] = [];
  for (const article of loaded) {
    const fields = articleFields(article, config, { author: inputs.manifest?.author, comments: inputs.manifest?.comments });
    const others = loaded.filter((o) => o !== article).map((o) => o.title);
    const checked = await checkArticle(article, config, { root: config.root, cwd: project.cwd, fields, otherTitles: others });
    const messages = [...article.messages, ...checked.messages];
    for (const m of messages) {
      if (m.severity !== 'error') continue;
      if (isForceable(m)) forceableErrors++;
      else otherErrors++;
    }
    articles.push({ article, projectPath: toProjectPath(config.root, article.absolutePath), fields, messages, remoteImages: checked.remoteImages });
  }
  const mixed = mixedTypes(articles);
  if (mixed) otherErrors++;
  return { inputs, articles, forceableErrors, otherErrors, blocked: otherErrors > 0 || (forceableErrors > 0 && !options.force) };
}

/**
 * WECHAT.md does not say whether one draft may hold both articles (news) and image posts (newspic): until it is
 * known, gzh refuses the mix rather than find out at draft/add with every image uploaded.
 */
function mixedTypes(articles: CheckedArticle[]): boolean {
  const pictures = articles.filter((a) => a.fields.type === 'newspic');
  if (pictures.length === 0 || pictures.length === articles.length) return false;
  const first = pictures[0]!;
  first.messages.push({
    ruleId: 'draft/mixed-types',
    severity: 'error',
    message: `This draft mixes ${pictures.length} image post${pictures.length > 1 ? 's' : ''} (type: newspic) with ${articles.length - pictures.length} article${articles.length - pictures.length > 1 ? 's' : ''}: gzh does not know that WeChat accepts both in one draft, so it sends neither. Publish the image posts as drafts of their own (\`gzh publish --each\`, or one \`gzh publish\` per draft)`,
    file: first.article.file,
    line: first.article.fieldLines.type ?? first.article.fieldLines.article_type ?? 1,
    column: 1,
    source: 'gzh-check',
  });
  return true;
}
