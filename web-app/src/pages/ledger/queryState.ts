import { computed, watch } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'

// A list page's filters, sort and page live in the URL query: a filtered ledger can be bookmarked or sent, and the
// back button undoes a filter. Every change is a new history entry; a new filter starts again on the first page.

function single(query: LocationQuery, name: string): string | undefined {
  const value = query[name]
  const first = Array.isArray(value) ? value[0] : value
  return first === null || first === undefined || first === '' ? undefined : first
}

function list(query: LocationQuery, name: string): string[] {
  const value = query[name]
  const values = Array.isArray(value) ? value : value ? [value] : []
  return values.flatMap((v) => (v ?? '').split(',')).filter((v) => v !== '')
}

export type QueryPatch = Record<string, string | string[] | number | undefined | null>

/**
 * The query after a change: undefined, null, '' or [] removes a parameter; any change but the page's own goes back to
 * page 1 (a new filter, or another 业务日期 / 统计时点, lists other rows).
 */
export function patchedQuery(current: LocationQuery, patch: QueryPatch): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(current)) {
    if (value !== null && value !== undefined) query[name] = value as string | string[]
  }
  if (!('page' in patch)) delete query.page
  for (const [name, value] of Object.entries(patch)) {
    const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)
    if (empty) delete query[name]
    else query[name] = Array.isArray(value) ? value : String(value)
  }
  return query
}

/** The two clocks a page was asked for (业务日期 on, 统计时点 asOf), from its URL. */
export function askedTime(query: LocationQuery): { on?: string; asOf?: string } {
  return { on: single(query, 'on'), asOf: single(query, 'asOf') }
}

export function useQueryState() {
  const route = useRoute()
  const router = useRouter()

  const one = (name: string) => computed(() => single(route.query, name))
  const many = (name: string) => computed(() => list(route.query, name))

  /** Changes some parameters (undefined, '' or [] removes one); back to page 1 unless the page itself changes. */
  function update(patch: QueryPatch) {
    return router.push({ path: route.path, query: patchedQuery(route.query, patch) })
  }

  function reset(keep: string[] = []) {
    const query: Record<string, string | string[]> = {}
    for (const name of keep) if (route.query[name]) query[name] = route.query[name] as string | string[]
    return router.push({ path: route.path, query })
  }

  /** Calls {@code load} now and whenever this page's query changes (not when the user leaves for another page). */
  function onQuery(load: () => void) {
    const here = route.path
    watch(
      () => route.fullPath,
      () => {
        if (route.path === here) load()
      },
      { immediate: true },
    )
  }

  return { route, one, many, update, reset, onQuery }
}

/** The `sort` parameter (field or field,desc) as Element Plus's table sort, and back. */
export function tableSort(sort: string | undefined): { prop: string; order: 'ascending' | 'descending' } | undefined {
  if (!sort) return undefined
  const [prop, direction] = sort.split(',')
  return { prop, order: direction === 'desc' ? 'descending' : 'ascending' }
}

export function sortParam(prop: string | null, order: string | null): string | undefined {
  if (!prop || !order) return undefined
  return order === 'descending' ? `${prop},desc` : prop
}
