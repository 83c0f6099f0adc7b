/**
 * Loads pages in real Chromium and tells whether anything in them ran script or reached out: a dialog
 * (alert/confirm/prompt), a call to the overridden dialog functions (also from frames, where Chromium may
 * suppress the dialog itself), a request to the attacker host `xss.test` (answered with a script that calls
 * alert), or the page navigating away. Every inline event handler left in the DOM is fired and every link
 * clicked (only `javascript:` links are let through), so a handler that needs a reader's hover counts too.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ATTACKER = 'xss.test';

export interface PageOutcome {
  /** What ran or reached out; empty when nothing did. */
  signs: string[];
}

const HOOKS = `(() => {
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = function () { console.log('__XSS__ ' + name); };
  }
  addEventListener('click', (event) => {
    const link = event.target && event.target.closest ? event.target.closest('a, area') : null;
    if (!link) return;
    const raw = typeof link.href === 'string' ? link.href : link.href && link.href.animVal;
    let protocol = '';
    try { protocol = new URL(raw, document.baseURI).protocol; } catch {}
    if (protocol !== 'javascript:') event.preventDefault();
  }, true);
})();`;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: the security tests need Debian's chromium (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A context whose only reachable hosts are 127.0.0.1 (and file: pages) and the fake attacker. */
export async function newGuardedContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript(HOOKS);
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === ATTACKER) {
      const asHtml = route.request().resourceType() === 'document';
      return route.fulfill({
        status: 200,
        contentType: asHtml ? 'text/html' : /\.css$/.test(url.pathname) ? 'text/css' : 'text/javascript',
        body: asHtml ? '<script>alert("xss.test")</script>' : /\.css$/.test(url.pathname) ? 'body{background:url(https://xss.test/css-ran.png)}' : 'alert("xss.test")',
      });
    }
    if (url.protocol === 'file:' || url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
    return route.abort();
  });
  return context;
}

/** A tab that probes page after page (a new tab per page costs more than the page). */
export class Prober {
  private signs: string[] = [];
  private url = '';

  private constructor(private readonly page: Page) {
    page.on('dialog', (dialog) => {
      this.signs.push(`dialog ${dialog.type()}`);
      void dialog.dismiss().catch(() => undefined);
    });
    page.on('console', (message) => {
      if (message.text().startsWith('__XSS__')) this.signs.push(message.text());
    });
    // finished, not just issued: Chromium reports the requests its policy then blocks (net::ERR_BLOCKED_BY_CSP)
    page.on('requestfinished', (request) => {
      if (new URL(request.url()).hostname === ATTACKER) this.signs.push(`request ${request.resourceType()} ${request.url()}`);
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url() !== this.url && frame.url() !== 'about:blank') this.signs.push(`navigated to ${frame.url()}`);
    });
    page.on('popup', (popup) => this.signs.push(`popup ${popup.url()}`));
  }

  static async open(context: BrowserContext): Promise<Prober> {
    return new Prober(await context.newPage());
  }

  /** Open `url`, fire what can be fired, wait for late effects, and report what ran. */
  async probe(url: string, settleMs = 100): Promise<PageOutcome> {
    this.signs = [];
    this.url = url;
    try {
      await this.page.goto(url, { waitUntil: 'load', timeout: 10_000 });
      await fireEverything(this.page);
      await this.page.waitForTimeout(settleMs);
    } catch (error) {
      // a page that navigated itself away mid-probe has already said so
      if (this.signs.length === 0) throw error;
    }
    const signs = [...new Set(this.signs)];
    // leave the page, so nothing scheduled (a refresh, an animation) lands in the next probe
    this.url = 'about:blank';
    await this.page.goto('about:blank');
    return { signs };
  }

  close(): Promise<void> {
    return this.page.close();
  }
}

/** One page in its own tab. */
export async function probePage(context: BrowserContext, url: string): Promise<PageOutcome> {
  const prober = await Prober.open(context);
  try {
    return await prober.probe(url);
  } finally {
    await prober.close();
  }
}

async function fireEverything(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name)) el.dispatchEvent(new Event(attr.name.slice(2).toLowerCase()));
      }
    }
    for (const link of Array.from(document.querySelectorAll('a, area'))) {
      link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
    }
  });
}

/**
 * Probe many items a few tabs at a time (the machine has 2 cores). What runs depends only on the page, so
 * items with the same `key` (the same HTML) share one probe. Returns each item's signs.
 */
export async function probeDistinct<T>(context: BrowserContext, items: readonly T[], key: (item: T) => string, url: (item: T) => string, tabs = 3): Promise<Map<T, string[]>> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  const queue = [...groups.values()];
  const signs = new Map<T, string[]>();
  let next = 0;
  const worker = async () => {
    const prober = await Prober.open(context);
    try {
      while (next < queue.length) {
        const same = queue[next++]!;
        const outcome = await prober.probe(url(same[0]!));
        for (const item of same) signs.set(item, outcome.signs);
      }
    } finally {
      await prober.close();
    }
  };
  await Promise.all(Array.from({ length: tabs }, worker));
  return signs;
}
