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

export function useQueryState() {
  const route = useRoute()
  const router = useRouter()

  const one = (name: string) => computed(() => single(route.query, name))
  const many = (name: string) => computed(() => list(route.query, name))

  /** Changes some parameters (undefined, '' or [] removes one); back to page 1 unless the page itself changes. */
  function update(patch: Record<string, string | string[] | number | undefined | null>) {
    const query: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(route.query)) {
      if (value !== null && value !== undefined) query[name] = value as string | string[]
    }
    if (!('page' in patch)) delete query.page
    for (const [name, value] of Object.entries(patch)) {
      const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)
      if (empty) delete query[name]
      else query[name] = Array.isArray(value) ? value : String(value)
    }
    return router.push({ path: route.path, query })
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
