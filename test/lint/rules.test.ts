/**
 * Table tests per rule (titles that must fire, titles that must not), and the prh-style self-test:
 * every rule's own examples behave as its module says.
 */
import { describe, expect, it } from 'vitest';
import { lintArticle, lintTitle, listRules } from '../../src/lint/index.js';
import { RULES } from '../../src/lint/rules/index.js';
import { lintConfigSchema } from '../../src/config/schema.js';

function firedRules(title: string): string[] {
  return lintTitle(title).map((m) => m.ruleId);
}

/** rule id → [titles that must fire it, titles that must not]. Tech, news, education, marketing; Chinese and English. */
const TABLE: Record<string, { fire: string[]; pass: string[] }> = {
  'title/impersonation': {
    fire: ['紧急通知！12月1日起全面实施', '重要通知：明天起全国统一执行新规', '60岁以上老人注意！', '【紧急提醒】所有车主注意', '下月起全面禁止', 'Urgent notice: new rules take effect'],
    pass: ['官方文档阅读笔记', '新版个人所得税法明年起施行', '12月1日起，一批新规开始施行', '门店营业时间调整通知', '市卫健委提醒：流感进入高发期', 'Notes on the Official Go Documentation'],
  },
  'title/sensational': {
    fire: ['震惊！这个功能太强了', '吓尿了！这台手机', '朋友圈炸了', '全网沸腾！国产芯片突破', '突发！某公司宣布倒闭', '重磅消息', 'SHOCKING: this feature', "You won't believe what happened", 'BREAKING: big news'],
    pass: ['地震预警系统的设计', '花莲地震 惊险瞬间曝光', '炸弹人游戏的 AI 实现', '突发流量下的限流策略', '摄影入门：曝光三要素', 'Breaking Changes in React 19', 'Breaking Down the New Tax Rules', '新品上市：秋季限定拿铁'],
  },
  'title/fake-urgency': {
    fire: ['紧急！', '紧急：明天起这样做', '删前速看！内部资料', '看完即删', '再不看就晚了', '即将被删，赶紧收藏', '今晚12点前必看', '最后24小时，错过等一年', 'Read this before it gets deleted'],
    pass: ['紧急修复：一次线上故障的复盘', '如何处理紧急工单', '速度提升3倍的秘诀', '速查表：常用 Git 命令', '三分钟快速看懂 Docker', '删除前先备份：数据迁移清单', '限时8折，欢迎选购', 'How to read a paper'],
  },
  'title/forced-share': {
    fire: ['转发保平安', '不转不是中国人！', '必须转！每个家长都要看', '看到请转发', '赶快转给你的父母', '紧急扩散！', 'Share this with everyone you love', 'Forward this or suffer bad luck'],
    pass: ['转发器的实现原理', '端口转发的三种方式', '转发代理与反向代理', '让 CI 流水线转起来', 'Port Forwarding Explained', '消息转发规则说明'],
  },
  'title/curiosity-gap': {
    fire: ['万万没想到，结局竟然是……', '99%的人都不知道的秘密', '看完我沉默了', '一定要看到最后！', '居然还能这样', '99% of people get this wrong'],
    pass: ['时区问题排查记录', '一文读懂 OAuth 2.0', '高考作文的审题技巧', 'What I learned shipping my first app'],
  },
  'title/intimidation': {
    fire: ['不看后果不堪设想', '吓死了！孩子这样睡觉', '细思极恐！', '深夜慎入！尺度太大', '少儿不宜，大尺度画面', 'This habit will kill you'],
    pass: ['后果分析：一次故障复盘', '如何实现一个私聊功能', '手机摄影：如何拍好夜景', '监控告警的分级设计'],
  },
  'title/health-scare': {
    fire: ['这3种食物致癌', '手机放床头会致癌？', '千万别吃！隔夜菜', '医生不会告诉你的秘密', '老中医祖传偏方', '每天喝这个，癌细胞全饿死', 'Doctors hate this one weird trick', 'This food causes cancer'],
    pass: ['癌症早筛指南', '吸烟致癌的证据有多强', '致癌物清单更新：这些你需要了解', '如何重构祖传代码', '科学家发现癌细胞的新弱点', '隔夜菜到底能不能吃？', '失眠怎么办？医生给出5个建议'],
  },
  'title/rumour': {
    fire: ['网传某大厂要裁员', '网友称：这家餐厅用地沟油', '据说明天起油价大涨', '内部消息：新品下月发布'],
    pass: ['网友称赞：这个社区的垃圾分类做得好', '据统计，去年快递量超1300亿件', '专家解读：新版医保目录'],
  },
  'title/bait': {
    fire: ['您的红包已到账', '您的积分即将过期，请尽快兑换', '【系统通知】您的账号存在异常', '恭喜您获得一台iPhone', '【微信团队】账号即将被冻结', 'Your account will be suspended, click here'],
    pass: ['红包系统的高并发设计', '积分系统的数据库设计', '系统通知模块的架构设计', '会员积分兑换规则', '感恩节活动中奖名单公布', 'Designing a Notification System'],
  },
  'title/ad-absolute': {
    fire: ['全网最低价，史上最强', '国内最好的英语培训机构', '世界级工艺，顶级享受', '唯一指定品牌，行业第一', '万能清洁剂，100%去污', '全国领先的智能家居品牌', 'The best coffee machine in the world', '本店是全网唯一的正品渠道', '你最好的选择'],
    pass: ['第一次做饭', '最近读的书', '最后的夏天', '最新版本说明', '最短路径算法详解', '唯一索引和普通索引怎么选', '绝对定位与相对定位的区别', '顶级域名是如何解析的', 'Git 分支管理最佳实践', '单元测试覆盖率 100% 有必要吗？', 'Best Practices for TypeScript Monorepos', '你最好先备份数据', '我们的第一款产品上线了', '我读的第一本编程书', '100% test coverage in Go', '唯一的办法是重写'],
  },
  'title/ad-promise': {
    fire: ['稳赚不赔的理财', '保本高收益，零风险', '三天治愈鼻炎', '特效药来了，一次根治', '包过！考证通过率100%', '轻松瘦20斤，不反弹', 'Guaranteed 20% returns with zero risk'],
    pass: ['电影推荐：十部治愈系动画', '无风险利率是怎么定的', '理财入门：什么是基金', 'Spring Sale: 20% Off All Courses'],
  },
  'title/punctuation': {
    fire: ['太好用了！！！', '这是真的吗？？', '绝了…………', '★★★重磅推荐★★★', '㊣品保证', '🔥🔥🔥今日爆款', '哇!!!太美了', '好消息!新版本发布！'],
    pass: ['为什么？一个 Bug 引发的思考', '什么？！', '结局是……', '发布 v2.0 🎉', '销量突破1,000万，感谢大家！', '直播预告：周四晚8:00见'],
  },
  'title/combined-risk': {
    fire: ['震惊！99%的人都不知道的秘密', '国家卫健委：吃这个会致癌', '北京市卫健委提醒：这种菜千万别吃', '【央视】震惊！', '重磅！全网最低价', '震*惊！99%的人都不知道', 'SHOCKING: 99% of people get this wrong'],
    pass: ['震惊！这个功能太强了', '99%的人都不知道的秘密', '市卫健委提醒：流感进入高发期', '国家卫健委辟谣：吃隔夜菜会致癌是谣言', '紧急通知！12月1日起全面实施', '国家统计局：一季度GDP同比增长5.3%', '官方文档阅读笔记'],
  },
  'title/evasion': {
    fire: ['震*惊！这个功能太强了', '震 惊，看完说不出话', 'zhen惊！新手机发布', '震·惊', '震\u200b惊！', '转-发-保-平-安', '删.前.速.看', '转fa保平安', '红*包已到账', '不 转 不 是 中 国 人', '震\u3000惊', '吓\u200d尿了', 'ＺＨＥＮ惊'],
    pass: ['震惊！这个功能太强了', '地震，惊人的数据', '地震预警系统的设计', 'Zhen 的技术博客', '花莲地震 惊险瞬间', '地震·惊魂一刻', '抗震 惊艳全场的设计', '转发 保平安的符', '看完 速度惊人'],
  },
};

describe('rule tables', () => {
  for (const [ruleId, { fire, pass }] of Object.entries(TABLE)) {
    describe(ruleId, () => {
      it.each(fire)('fires on %s', (title) => {
        expect(firedRules(title)).toContain(ruleId);
      });
      it.each(pass)('does not fire on %s', (title) => {
        expect(firedRules(title)).not.toContain(ruleId);
      });
    });
  }

  it('covers every word and title rule', () => {
    const covered = new Set(Object.keys(TABLE));
    const missing = RULES.filter((rule) => (rule.kind === 'words' || rule.kind === 'evasion' || rule.id === 'title/punctuation') && rule.id !== 'title/custom' && !covered.has(rule.id));
    expect(missing.map((rule) => rule.id)).toEqual([]);
  });
});

describe('rule self-test (each rule\'s own examples)', () => {
  for (const rule of RULES) {
    const config = lintConfigSchema.parse({ deny: rule.exampleConfig?.deny ? [...rule.exampleConfig.deny] : [] });
    const fired = (example: string): string[] =>
      rule.kind === 'field'
        ? lintArticle({ ...rule.exampleInput(example) }, config).map((m) => m.ruleId)
        : lintTitle(example, { config }).map((m) => m.ruleId);
    it(`${rule.id} fires on its examples`, () => {
      expect(rule.examples.fire.length).toBeGreaterThan(0);
      for (const example of rule.examples.fire) expect(fired(example), example).toContain(rule.id);
    });
    it(`${rule.id} passes its pass examples`, () => {
      expect(rule.examples.pass.length).toBeGreaterThan(0);
      for (const example of rule.examples.pass) expect(fired(example), example).not.toContain(rule.id);
    });
  }
});

describe('listRules', () => {
  it('lists every rule once with a stable id, a severity and examples', () => {
    const rules = listRules();
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^(title|field)\/[a-z]+(-[a-z]+)*$/);
      expect(['info', 'warn', 'error']).toContain(rule.defaultSeverity);
      expect(rule.description.length).toBeGreaterThan(10);
    }
    expect(ids).toEqual(expect.arrayContaining(['title/sensational', 'title/ad-absolute', 'title/length', 'title/empty', 'title/duplicate', 'field/digest-length', 'field/author-length', 'field/missing-cover', 'title/evasion']));
  });

  it('uses the default severities of TITLE-RULES.md', () => {
    const severity = Object.fromEntries(listRules().map((rule) => [rule.id, rule.defaultSeverity]));
    expect(severity).toMatchObject({
      'title/impersonation': 'error',
      'title/sensational': 'warn',
      'title/fake-urgency': 'error',
      'title/forced-share': 'error',
      'title/curiosity-gap': 'info',
      'title/intimidation': 'warn',
      'title/health-scare': 'warn',
      'title/rumour': 'info',
      'title/bait': 'error',
      'title/ad-absolute': 'warn',
      'title/ad-promise': 'error',
      'title/punctuation': 'warn',
      'title/evasion': 'error',
      'title/length': 'error',
    });
  });
});

describe('title/combined-risk', () => {
  it('is an error by default that names the categories and the words, over the whole title', () => {
    const [first] = lintTitle('震惊！99%的人都不知道的秘密', { line: 3, column: 8 });
    expect(first).toMatchObject({ ruleId: 'title/combined-risk', severity: 'error', line: 3, column: 8, endColumn: 8 + '震惊！99%的人都不知道的秘密'.length });
    expect(first!.message).toContain("夸大 (title/sensational: '震惊')");
    expect(first!.message).toContain("故弄玄虚 (title/curiosity-gap: '99%的人都不知道')");
    const official = lintTitle('国家卫健委：吃这个会致癌').find((m) => m.ruleId === 'title/combined-risk');
    expect(official?.message).toMatch(/官方口吻 \('国家卫健委：'\) \+ 健康恐慌 \(title\/health-scare: '会致癌'\)/);
  });

  it('follows its own severity setting and the article disable list', () => {
    const severity = (config: unknown, disable?: string[]) =>
      lintTitle('震惊！99%的人都不知道的秘密', { config: lintConfigSchema.parse(config), disable }).find((m) => m.ruleId === 'title/combined-risk')?.severity;
    expect(severity({ rules: { 'title/combined-risk': 'warn' } })).toBe('warn');
    expect(severity({ rules: { 'title/combined-risk': 'off' } })).toBeUndefined();
    expect(severity({}, ['title/combined-risk'])).toBeUndefined();
    // a category turned off no longer counts toward a combination
    expect(severity({ rules: { 'title/curiosity-gap': 'off' } })).toBeUndefined();
  });
});
