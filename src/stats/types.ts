/** The stats data model: what one day of one article is, what a period adds up to. */

/** One article on one day: a row of the CSV (and of stats/<account>.csv). */
export interface ArticleDay {
  date: string;
  /** `<msg_data_id>_<index>`. */
  msgid: string;
  title: string;
  /** Project-relative file, '' when the article is not from this repo. */
  file: string;
  reads: number;
  readers: number;
  /** Reads from the followers' chat with the account; from Moments and friends' forwards. 0 past WeChat's 7-day detail. */
  readsFromFollowers: number;
  readsFromShares: number;
  shares: number;
  sharers: number;
  favourites: number;
}

/** The account on one day. */
export interface FollowerDay {
  date: string;
  newFollowers: number;
  cancelledFollowers: number;
  cumulativeFollowers: number;
}

export interface ArticleTotals {
  msgid: string;
  title: string;
  file: string;
  /** First day in the period with reads. */
  firstDate: string;
  reads: number;
  readsFromFollowers: number;
  readsFromShares: number;
  readers: number;
  shares: number;
  favourites: number;
  /** Reads per day of the period, in order (the sparkline). */
  daily: number[];
}

export interface StatsReport {
  since: string;
  until: string;
  days: string[];
  /** Articles from this repo, most read first. */
  articles: ArticleTotals[];
  /** Rows whose msgid no gzh.lock entry has: "not from this repo". */
  notFromRepo: ArticleTotals[];
  totals: { reads: number; readsFromFollowers: number; readsFromShares: number; readers: number; shares: number; favourites: number };
  followers: { newFollowers: number; cancelledFollowers: number; net: number; cumulative: number | null; daily: FollowerDay[] };
}
