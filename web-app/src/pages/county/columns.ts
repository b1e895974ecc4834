import { labels } from '../../dict/labels'
import type { RegionMeasures } from './api'

// The columns of the county report, in the order of the 劝返销号 account; titles explain how each is counted.
export interface Column {
  field: string
  label: string
  title: string
  width: number
  warn?: boolean
  value: (m: RegionMeasures) => number | string
}

export const columns: Column[] = [
  { field: 'cases', label: labels.cases, title: '登记的全部案件（含已结案）', width: 64, value: (m) => m.account.cases },
  { field: 'shouldReturn', label: labels.shouldReturn, title: '应返 = 在劝 + 已返', width: 56, value: (m) => m.account.shouldReturn },
  { field: 'returned', label: labels.returned, title: '已返 = 已返校观察中 + 已销号', width: 56, value: (m) => m.account.returned },
  { field: 'crossedOff', label: labels.crossedOff, title: '观察期满已销号', width: 64, value: (m) => m.account.crossedOff },
  { field: 'persuading', label: labels.persuading, title: '已确认辍学和劝返中', width: 56, value: (m) => m.account.persuading },
  { field: 'homeTeaching', label: labels.homeTeaching, title: '正在送教上门', width: 72, value: (m) => m.account.homeTeaching },
  { field: 'specialSituation', label: labels.specialSituation, title: '因特殊情况结案', width: 72, value: (m) => m.account.specialSituation },
  { field: 'returnRate', label: labels.rate, title: '返回率 = 已返 ÷ 应返', width: 70, value: (m) => m.account.returnRate ?? '—' },
  { field: 'overdueCases', label: labels.overdueCases, title: '有任一逾期事项的案件', width: 72, warn: true, value: (m) => m.overdueCases },
  { field: 'identifiedInPeriod', label: labels.identifiedInPeriod, title: '统计期间内登记的案件', width: 72, value: (m) => m.identifiedInPeriod },
  { field: 'returnedInPeriod', label: labels.returnedInPeriod, title: '统计期间内返校的案件', width: 72, value: (m) => m.returnedInPeriod },
  { field: 'crossedOffInPeriod', label: labels.crossedOffInPeriod, title: '统计期间内销号的案件', width: 72, value: (m) => m.crossedOffInPeriod },
]

/** Keys `row:field` of the figures that differ between two reports (row = town code or 'total'). */
export function changedCells(
  before: { towns: { townCode: string; measures: RegionMeasures }[]; total: RegionMeasures },
  after: { towns: { townCode: string; measures: RegionMeasures }[]; total: RegionMeasures },
): Set<string> {
  const old = new Map(before.towns.map((t) => [t.townCode, t.measures]))
  old.set('total', before.total)
  const changed = new Set<string>()
  const now: [string, RegionMeasures][] = [...after.towns.map((t) => [t.townCode, t.measures] as [string, RegionMeasures]), ['total', after.total]]
  for (const [key, m] of now) {
    const was = old.get(key)
    for (const c of columns) {
      if (!was || c.value(was) !== c.value(m)) changed.add(key + ':' + c.field)
    }
  }
  return changed
}
