/** Official-notice wording (WeChat 2024 标题党 rules: 冒充官方, 伪造通知). */
import { words } from './parse-word-list.js';

export const impersonationWords = words`
紧急通知 => 通知
重要通知 => 通知
最新通知 => 通知
突发通知
官方通知
特别通知
紧急提醒 => 提醒
重要提醒 => 提醒
特别提醒
官方发布
官方宣布
国家刚刚宣布
全面实施 => 施行
全面执行
全面禁止
全面取消
全面停止
全面叫停
全面免费
全面放开
/起,?这些(?:行为|人|情况)将/
全国统一执行
统一执行
停发养老金
每月多领
家家户户都要知道
所有人注意
/【(?:重要|紧急|注意|提醒|速看)】/
/国家(?:正式)?宣布/
/\d+岁以上[^,!:;。?]{0,4}(?:注意|速领|快领|可领|必看|领取)/
/所有[\p{Script=Han}]{1,4}注意/
/(?:\d+月\d+日|明天|明日|下月|下个月|今天|今日|即日|下周)起[^,!:;。?]{0,6}(?:全面|一律|统一|全部)/
urgent notice
official notice
new rules take effect
`;

export const impersonationAllow = words`
# Naming the issuer is fine: these are how real notices are cited.
全面实施方案
`;
