import { describe, expect, it } from 'vitest';
import { listImageSources, rewriteImageSources } from '../../src/images/index.js';

const html = [
  '<section style="margin:0"><p>see <code>&lt;img src="code.png"&gt;</code></p>',
  '<!-- <img src="commented.png"> -->',
  '<figure><img src="a.png" alt="x > y" style="width:100%"></figure>',
  "<img alt='q' src='b.png'>",
  '<script>var s = "<img src=script.png>";</script>',
  '<img src=c.png title="t">',
  '<img data-src="d.png" src="https://mmbiz.qpic.cn/x/0?a=1&amp;b=2"/>',
  '<img alt="no src">',
  '</section>',
].join('\n');

describe('rewriteImageSources', () => {
  it('sees only real <img> tags, in order', () => {
    expect(listImageSources(html)).toEqual(['a.png', 'b.png', 'c.png', 'https://mmbiz.qpic.cn/x/0?a=1&b=2', '']);
  });

  it('replaces the src of the listed indices and leaves every other byte alone', () => {
    const urls = new Map([
      [0, 'https://mmbiz.qpic.cn/u/0?wx_fmt=png&from=appmsg'],
      [1, 'https://mmbiz.qpic.cn/u/1'],
      [2, 'https://mmbiz.qpic.cn/u/2'],
      [4, 'https://mmbiz.qpic.cn/u/4'],
    ]);
    const out = rewriteImageSources(html, urls);
    expect(listImageSources(out)).toEqual([
      'https://mmbiz.qpic.cn/u/0?wx_fmt=png&from=appmsg',
      'https://mmbiz.qpic.cn/u/1',
      'https://mmbiz.qpic.cn/u/2',
      'https://mmbiz.qpic.cn/x/0?a=1&b=2',
      'https://mmbiz.qpic.cn/u/4',
    ]);
    expect(out).toContain('<img src="https://mmbiz.qpic.cn/u/0?wx_fmt=png&amp;from=appmsg" alt="x > y" style="width:100%">');
    expect(out).toContain(`<img alt='q' src="https://mmbiz.qpic.cn/u/1">`);
    expect(out).toContain('<img src="https://mmbiz.qpic.cn/u/2" title="t">');
    expect(out).toContain('<img src="https://mmbiz.qpic.cn/u/4" alt="no src">');
    // Text that only looks like an image is untouched.
    expect(out).toContain('<code>&lt;img src="code.png"&gt;</code>');
    expect(out).toContain('<!-- <img src="commented.png"> -->');
    expect(out).toContain('"<img src=script.png>"');
    expect(rewriteImageSources(html, new Map())).toBe(html);
  });
});
