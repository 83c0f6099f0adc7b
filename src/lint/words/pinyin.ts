/**
 * Pinyin of characters that appear in the risky words, to catch spellings like 'zhen惊' and '转fa保平安'.
 * One syllable per character (its reading in those words).
 */
const READINGS =
  '震zhen 惊jing 吓xia 尿niao 呆dai 炸zha 沸fei 腾teng 重zhong 磅bang 突tu 爆bao 撼han 疯feng 传chuan ' +
  '转zhuan 发fa 保bao 平ping 安an 删shan 速su 看kan 紧jin 急ji 通tong 知zhi 扩kuo 散san 死si ' +
  '红hong 包bao 到dao 账zhang 积ji 分fen 冻dong 结jie 领ling 奖jiang ' +
  '致zhi 癌ai 偏pian 方fang 秘mi 毒du 药yao 吃chi ' +
  '稳wen 赚zhuan 赔pei 保bao 本ben 治zhi 愈yu 根gen 风feng 险xian ' +
  '性xing 感gan 美mei 女nv 私si 聊liao 尺chi 度du 慎shen 入ru ' +
  '最zui 强qiang 好hao 佳jia 第di 一yi 顶ding 级ji 唯wei 独du 家jia 首shou 绝jue 对dui';

const TABLE: ReadonlyMap<string, string> = new Map(
  READINGS.split(' ')
    .filter(Boolean)
    .map((pair) => [pair[0]!, pair.slice(1)] as const),
);

export function pinyinOf(char: string): string | undefined {
  return TABLE.get(char);
}
