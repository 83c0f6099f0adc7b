/**
 * Official bodies named as the speaker of a title: `国家卫健委：…`, `央视提醒…`, `【公安部】…`. Quoting an
 * official body is ordinary news (`市卫健委提醒：流感进入高发期`); with a scare or a shock word it is the
 * 冒充官方 pattern the platform takes down, which title/combined-risk reports. Up to six characters of
 * place before the body (`北京市卫健委`). Matched on normalised text (full-width `：` is `:`).
 */
const BODIES = [
  '国务院', '国办', '国家卫健委', '国家卫生健康委', '卫健委', '卫生部', '疾控中心', '疾控局', '中国疾控', '国家医保局', '医保局', '社保局',
  '人社部', '人社局', '教育部', '教育局', '公安部', '公安局', '派出所', '交警', '警方', '民政部', '财政部', '商务部', '工信部', '住建部',
  '交通运输部', '农业农村部', '应急管理部', '市场监管总局', '市场监管局', '网信办', '最高法', '最高人民法院', '最高检', '最高人民检察院',
  '央行', '中国人民银行', '证监会', '银保监会', '金融监管总局', '税务总局', '税务局', '药监局', '气象局', '海关总署', '外交部', '国防部',
  '央视', '央视新闻', 'cctv', '人民日报', '新华社', '光明日报', '世卫组织', 'who', '官方',
];

const SPEAKS = '(?::|发布|提醒|紧急提醒|通报|通知|宣布|发文|证实|警告|公布|明确|权威发布|重磅|刚刚)';

/** The body speaking at the start of the title, or in 【】 at the start. */
export const OFFICIAL_SPEAKER = new RegExp(`^(?:【)?[\\p{Script=Han}]{0,6}?(?:${BODIES.join('|')})(?:】|${SPEAKS})`, 'u');

/** Titles that refute a scare in an official's name are the opposite of one. */
export const REFUTES = /辟谣|谣言|不实|假消息|是假的|别信|不可信/;
