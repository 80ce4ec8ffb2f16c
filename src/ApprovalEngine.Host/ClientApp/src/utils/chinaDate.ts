import dayjs, { type Dayjs } from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/** The host counts working days, deadlines and report dates in China Standard Time (the host's DeadlineOptions.UtcOffset, +08:00). */
export const CHINA_OFFSET_MINUTES = 8 * 60

/**
 * Now on China's calendar, whatever zone the browser is set to: between 16:00 and 24:00 UTC China is already a day
 * ahead, and a report range ending on the browser's "today" left out what was decided on China's today.
 */
export const chinaNow = (now: Date = new Date()): Dayjs => dayjs(now).utcOffset(CHINA_OFFSET_MINUTES)

/** Today's date in China as YYYY-MM-DD, the form the API takes for dates. */
export const chinaToday = (now?: Date): string => chinaNow(now).format('YYYY-MM-DD')
