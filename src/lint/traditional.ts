/**
 * Traditional → simplified for the characters our word lists (and their usual contexts) use.
 * Hand-written and deliberately small: enough to catch 震驚 / 轉發 / 緊急通知 without a full converter.
 * test/lint/traditional-coverage.test.ts converts every word of the lists with OpenCC and checks each still
 * fires, so the table covers what the rules know. OpenCC itself (opencc-js) was measured here: 6 MB, 37 ms
 * to load and build, 84 ms per 10,000 titles; it would also convert simplified text such as 著名 → 着名.
 * Characters that are also valid simplified characters with another meaning (著, 覆, 乾, 髮) are left out.
 */
const PAIRS =
  '驚惊 嚇吓 這这 個个 強强 轉转 發发 緊紧 實实 刪删 徹彻 騰腾 網网 瘋疯 傳传 搶抢 鍋锅 馬马 趕赶 後后 給给 關关 ' +
  '請请 務务 錦锦 鯉鲤 萬万 沒没 結结 說说 應应 極极 聽听 設设 殺杀 醫医 會会 訴诉 紅红 賬账 帳账 積积 過过 統统 ' +
  '凍冻 領领 獎奖 號号 異异 團团 隊队 價价 國国 級级 頂顶 選选 絕绝 對对 獨独 賺赚 賠赔 險险 風风 療疗 癒愈 藥药 ' +
  '報报 據据 內内 稱称 為为 麼么 嗎吗 讓让 當当 時时 間间 門门 開开 書书 學学 讀读 寫写 語语 體体 現现 見见 點点 ' +
  '擊击 錢钱 權权 歲岁 齡龄 養养 處处 裡里 與与 舉举 觀观 衛卫 護护 戶户 親亲 愛爱 歡欢 熱热 銷销 暢畅 專专 業业 ' +
  '貨货 買买 賣卖 錯错 將将 顯显 頭头 題题 標标 黨党 鐘钟 壓压 滅灭 盡尽 擴扩 廣广 災灾 難难 慘惨 淚泪 寶宝 氣气 ' +
  '漲涨 員员 閉闭 銀银 產产 機机 構构 幫帮 聞闻 調调 稅税 問问 們们 來来 樣样 還还 從从 頻频 視视 聯联 軟软 腦脑 ' +
  '電电 話话 動动 鬆松 復复 簡简 鏈链 禮礼 億亿 讚赞 區区 麵面 於于 術术 場场 嚴严 別别 飲饮 喫吃 細细 義义 兒儿 ' +
  '覺觉 驗验 證证 靈灵 盤盘 虧亏 貸贷 額额 餘余 輕轻 斷断 續续 獲获 贏赢 財财 幣币 準准 確确 廠厂 條条 縣县 圍围 ' +
  '戲戏 劇剧 壞坏 毀毁 職职 碼码 遠远 運运 達达 邊边 違违 總总 約约 線线 終终 經经 綠绿 蘋苹 華华 蟲虫 評评 試试 ' +
  '誰谁 課课 談谈 論论 謝谢 識识 議议 變变 負负 質质 購购 費费 資资 賽赛 車车 輪轮 輸输 農农 釋释 針针 錄录 長长 ' +
  '閃闪 閱阅 隨随 雙双 雜杂 離离 雲云 靜静 響响 頁页 順顺 預预 願愿 類类 飛飞 飯饭 館馆 髒脏 魚鱼 鮮鲜 麗丽 黃黄 ' +
  '龍龙 貼贴 緩缓 療疗 屆届 僅仅 剛刚 噸吨 張张 碼码 帶带 餓饿 癥症 腫肿 瘡疮 臟脏 擔担 憂忧 懼惧 慮虑 嘆叹 敗败 ' +
  '災灾 禍祸 搖摇 擺摆 曉晓 頒颁 佈布 峯峰 庫库 廳厅 戰战 據据 掃扫 換换 撥拨 擇择 獻献 環环 鹽盐 蝦虾 雞鸡 ' +
  '衝冲 詐诈 騙骗 謠谣 闢辟 謊谎 偽伪 詭诡 誘诱 導导 紀纪 組组 補补 貼贴 減减 盜盗 竊窃 災灾 劑剂 療疗 ' +
  '穩稳 須须 執执 無无 遞递 簽签 顛颠 膽胆 爭争 喪丧 瀏浏 覽览 贈赠 噴喷 轟轰 勁劲 聲声 擠挤 爛烂 啟启 啓启 廢废 ' +
  '鑒鉴 測测 詳详 喚唤 嬰婴 婦妇 孫孙 亂乱 歷历 聖圣 懸悬 恆恒 眾众 衆众 屍尸 勸劝 夢梦 傷伤 殘残 獄狱 懲惩 罰罚 ' +
  '膚肤 臉脸 歸归 屬属 純纯 優优 謎谜 錶表 邊边 蓋盖 驅驱 嘗尝 償偿 凱凯 勝胜 劃划 韓韩 薦荐 ' +
  '彈弹 筆笔 暈晕 運运 連连 豔艳 艷艳 進进 軍军';

const TABLE: ReadonlyMap<string, string> = new Map(
  PAIRS.split(' ')
    .filter((pair) => pair.length === 2)
    .map((pair) => [pair[0]!, pair[1]!] as const),
);

/** Simplified form of one character, or the character itself. */
export function toSimplified(char: string): string {
  return TABLE.get(char) ?? char;
}

/** The table, for tests. */
export function traditionalTable(): ReadonlyMap<string, string> {
  return TABLE;
}
