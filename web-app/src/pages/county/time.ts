// Clock times in China for "as of" lines and the big screen's clock.
const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
})

/** 14:03:27 in China time. */
export function clockTime(value: string | Date): string {
  return clock.format(typeof value === 'string' ? new Date(value) : value)
}
