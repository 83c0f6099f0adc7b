/** Messages that imitate system, payment or prize notifications (诱导点击). */
import { words } from './parse-word-list.js';

export const baitWords = words`
红包已到账
红包到账
发了一个红包
给你发了红包
积分即将过期
积分即将清零
积分将过期
积分即将作废
【系统通知】
【系统消息】
系统通知:
系统提示:
【微信团队】
微信团队:
微信官方:
账号存在异常
/账号(?:存在)?(?:安全)?(?:风险|异常)/
立即验证
您已获得
你已获得
恭喜您
/^恭喜!/
账号异常
即将被冻结
已被冻结
账号将被封
恭喜您获得
恭喜你获得
恭喜您被抽中
点击领取
请点击
待领取
未领取
您有一笔
你有一笔
快递待签收
中奖通知
余额提醒
your account will be suspended
account suspended
click here
you have won
claim your prize
`;

export const baitAllow = words`
`;
