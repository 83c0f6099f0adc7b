/**
 * The datacube endpoints gzh reads, each with WeChat's maximum span per request (WECHAT.md "Analytics"), and the
 * row fields it uses (the official names; the sandbox answers with the same ones).
 */
export const DATACUBE_SPANS = {
  getarticlesummary: 1,
  getarticletotal: 1,
  getuserread: 3,
  getusershare: 7,
  getusersummary: 7,
  getusercumulate: 7,
} as const;

export type DatacubeEndpoint = keyof typeof DATACUBE_SPANS;

/** Counts shared by the article rows: readers (`_user`) and times (`_count`). */
export interface ReadCounts {
  int_page_read_user: number;
  int_page_read_count: number;
  ori_page_read_user: number;
  ori_page_read_count: number;
  share_user: number;
  share_count: number;
  add_to_fav_user: number;
  add_to_fav_count: number;
}

/** getarticlesummary: one article on one day. `msgid` is `<msg_data_id>_<index>` (index from 1). */
export interface ArticleSummaryRow extends ReadCounts {
  ref_date: string;
  msgid: string;
  title: string;
}

/** getarticletotal: the articles sent on ref_date, with one detail per day since (up to 7). */
export interface ArticleTotalRow {
  ref_date: string;
  msgid: string;
  title: string;
  details: ArticleTotalDetail[];
}

export interface ArticleTotalDetail extends ReadCounts {
  stat_date: string;
  target_user: number;
  /** Reads from the followers' chat with the account (the push / the account's messages). */
  int_page_from_session_read_count: number;
  int_page_from_hist_msg_read_count: number;
  /** Reads from Moments (朋友圈) and from friends' forwards: reads that shares brought. */
  int_page_from_feed_read_count: number;
  int_page_from_friends_read_count: number;
  int_page_from_other_read_count: number;
}

/** getusersummary: per day and user_source. */
export interface UserSummaryRow {
  ref_date: string;
  user_source: number;
  new_user: number;
  cancel_user: number;
}

export interface UserCumulateRow {
  ref_date: string;
  cumulate_user: number;
}
