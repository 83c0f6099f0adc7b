/**
 * What a day is in China, for timing posts: public holidays (法定节假日, with the make-up workdays 调休), the
 * traditional festivals (春节, 端午, 中秋, ...), the other festivals (元旦, 国庆节, ...) and the 24 solar terms.
 * From tyme4ts (6tail's calendar library; its holiday table ends with the last year the State Council had
 * announced when it was released): no hand-made table here.
 */
import { SolarDay } from 'tyme4ts';

export interface DayEvent {
  kind: 'holiday' | 'workday' | 'festival' | 'term';
  name: string;
}

export interface CalendarDay {
  /** `YYYY-MM-DD` (Beijing). */
  date: string;
  /** 0 Sunday .. 6 Saturday. */
  weekday: number;
  /** The lunar date, e.g. 冬月十四. */
  lunar: string;
  events: DayEvent[];
}

export function describeDay(date: string): CalendarDay {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = SolarDay.fromYmd(y, m, d);
  const lunar = day.getLunarDay();
  const events: DayEvent[] = [];
  const legal = day.getLegalHoliday();
  if (legal) events.push({ kind: legal.isWork() ? 'workday' : 'holiday', name: legal.isWork() ? `${legal.getName()}调休上班` : `${legal.getName()}放假` });
  const names = new Set(events.map((e) => e.name));
  for (const festival of [lunar.getFestival(), day.getFestival()]) {
    const name = festival?.getName();
    if (name && !names.has(name)) {
      names.add(name);
      events.push({ kind: 'festival', name });
    }
  }
  const term = day.getTermDay();
  if (term.getDayIndex() === 0) {
    const name = term.getSolarTerm().getName();
    // 冬至 is both a term and a festival (冬至节): say it once
    if (![...names].some((n) => n.startsWith(name))) events.push({ kind: 'term', name });
  }
  return { date, weekday: new Date(`${date}T00:00:00Z`).getUTCDay(), lunar: lunar.getLunarMonth().getName() + lunar.getName(), events };
}
