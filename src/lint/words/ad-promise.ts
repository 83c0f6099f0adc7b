/** Medical and financial promises (Advertising Law art. 16, 25; 医疗、理财承诺). */
import { words } from './parse-word-list.js';

export const adPromiseWords = words`
根治
根除
治愈 => 缓解
特效药
特效疗法
药到病除
包治百病
包治
一针见效
见效快
/\S{0,2}天见效/
永不复发
不复发
不反弹
无效退款
稳赚
稳赚不赔
保本
保息
/保证(?:收益|回报|赚钱|有效|治愈|通过|瘦)/
零风险
无风险
高收益
躺赚
收益翻倍
月入过万
日赚
包过
/通过率\s*100%/
/(?:轻松)?瘦\d+斤/
guaranteed
zero risk
risk-free
get rich quick
`;

export const adPromiseAllow = words`
治愈系
无风险利率
无风险收益率
`;
