/** Sensational exaggeration (夸大、耸人听闻). */
import { words } from './parse-word-list.js';

export const sensationalWords = words`
震惊
# A lone shock character opening the title: 惊！ 爆！ 炸！
/^[惊爆炸震]!/
吓尿
惊呆
惊爆
惊天
炸了
炸锅
炸裂
炸翻
彻底沸腾
沸腾了
全网沸腾
全网疯传
疯传
疯抢
全网疯抢
刷屏了
彻底火了
火爆全网
震撼
重磅
突发
出大事了
大事不好
看哭了
哭晕
泪崩
逆天
毁三观
颠覆三观
惊人内幕
内幕曝光
真相曝光
黑幕
太可怕了
吓人
/(?:will|this will) change your life/
shocking
you won't believe
you wont believe
blow your mind
mind-blowing
mind blowing
jaw-dropping
/breaking(?:[:!]| news)/
`;

export const sensationalAllow = words`
# Technical and news terms that contain a listed word.
突发流量
突发性
突发事件
突发情况
突发状况
突发公共
突发疾病
突发传输
突发模式
突发新闻报道
`;
