/**
 * Advertising Law art. 9(3) absolute terms (国家级、最高级、最佳) and the usual SAMR examples.
 * `=>` gives the softer wording suggested in the message.
 */
import { words } from './parse-word-list.js';

export const adAbsoluteWords = words`
最好 => 很好
最佳 => 很好
最强 => 很强
最优 => 优秀
最低价 => 低价
最便宜 => 实惠
最高级 => 高级
最先进 => 先进
最全 => 较全
最火 => 热门
最热门 => 热门
最畅销 => 畅销
最受欢迎 => 受欢迎
最权威 => 权威
最专业 => 专业
最顶级 => 高端
/史上最/
全网最
全球最好
第一
no.1
top1
/(?:#|number )1\b/
唯一
/(?:全网|全国|全球|国内|业内|行业|市场)唯一/
没有之一
销量冠军
销冠
/(?:国内|全国|全球|业界|行业)首创/
国家级
世界级
全球级
宇宙级
顶级 => 高端
顶尖 => 出色
极品 => 优质
首选 => 推荐
万能 => 多用途
100%
绝对 => 非常
独家
首家
全球首发
全国首发
/(?:全国|全球|国际|世界|行业|遥遥)领先/
永久免费
王者之选
之王
/best[^,.!?]{0,40} in the world/
world's best
`;

export const adAbsoluteAllow = words`
# Ordinal and time words: not claims.
第一次
第一个
第一天
第一步
第一章
第一篇
第一课
第一季度
第一批
第一届
第一周
第一期
第一轮
第一线
第一人称
第一印象
第一性原理
第一眼
第一时间
第一年
第一台
第一杯
第一部
第一条
第一节
第一集
第一场
第一位
第一份
第一次性
第一本
第一封
第一首
第一辆
的第一款
金牌榜第一
# Modal 最好 ("had better") is not a superlative; 你最好的 is.
/你最好(?!的)/
最好不要
最好别
最好是
最好还是
# Technical terms.
最佳实践
唯一索引
唯一标识
唯一约束
唯一键
唯一性
唯一值
唯一id
唯一的
绝对路径
绝对定位
绝对导入
绝对值
绝对零度
绝对引用
绝对地址
绝对坐标
绝对误差
顶级域名
顶级域
万能表
首选项
万能胶
万能钥匙
独家专访
独家报道
国家级自然保护区
国家级非物质
国家级新区
国家级实验室
国家级重点
/覆盖率\s*(?:达到|达)?\s*100%/
/100%\s*(?:test\s*|code\s*|branch\s*)?coverage/
/coverage\s*(?:of\s*)?100%/
`;
