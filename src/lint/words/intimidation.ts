/** Intimidation and sexual bait (恐吓、低俗诱导). */
import { words } from './parse-word-list.js';

export const intimidationWords = words`
后果不堪设想
后果很严重
后果严重
不看后悔
吓死
太吓人
细思极恐
惊出一身冷汗
会要命
要人命
正在毁掉
毁掉一生
会爆炸
做噩梦
千万不要
千万别
性感美女
美女私聊
深夜私聊
深夜慎入
胆小慎入
未成年慎入
尺度太大
大尺度
少儿不宜
不雅视频
艳照
走光
before it's too late
will kill you
terrifying
`;

export const intimidationAllow = words`
`;
