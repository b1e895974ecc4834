import { computed, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError, api, download, withQuery } from '../../api/http'
import { sortParam, type useQueryState } from './queryState'

interface LedgerPageOptions<T> {
  /** The page's URL state, with its filters already read from it. */
  query: ReturnType<typeof useQueryState>
  /** The ledger's path on the query service; its CSV export is the same path with .csv. */
  path: string
  /** The export's file name when the server names none. */
  csvName: string
  /** The filters in the URL, as the server's parameters (the export takes the same). */
  filters: () => Record<string, unknown>
  /** What else a page reads once an answer is in (the region's name). */
  afterLoad?: (answer: T) => Promise<void> | void
}

/**
 * What the two ledger pages share: their filters, sort and page in the URL, the read (only the latest answer counts
 * when filters change quickly), its error, and the CSV (and .xlsx) export with the same filters.
 */
export function useLedgerPage<T>(options: LedgerPageOptions<T>) {
  const query = options.query
  const sort = query.one('sort')
  const pageNo = query.one('page')
  const size = query.one('size')
  const data = ref<T>()
  const loading = ref(false)
  const exporting = ref(false)
  const error = ref('')
  const sortKey = computed(() => sort.value ?? 'default')
  const params = () => ({ ...options.filters(), sort: sort.value })

  let latest = 0
  async function load() {
    const ticket = ++latest
    loading.value = true
    error.value = ''
    try {
      const answer = await api.get<T>(withQuery(options.path, { ...params(), page: pageNo.value, size: size.value ?? 50 }))
      if (ticket !== latest) return
      data.value = answer
      await options.afterLoad?.(answer)
    } catch (e) {
      if (ticket !== latest) return
      data.value = undefined
      error.value = e instanceof ApiError ? e.message : '台账读取失败，请稍后重试'
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  query.onQuery(load)

  function onSort({ prop, order }: { prop: string | null; order: string | null }) {
    query.update({ sort: sortParam(prop, order) })
  }

  async function exportCsv() {
    exporting.value = true
    try {
      await download(withQuery(options.path + '.csv', params()), options.csvName)
    } catch (e) {
      ElMessage.error(e instanceof ApiError ? e.message : '导出失败，请稍后重试')
    } finally {
      exporting.value = false
    }
  }

  // The .xlsx export takes the same parameters as the CSV (XlsxExportButton adds the footer's signatures).
  return { sort, data, loading, exporting, error, sortKey, onSort, exportCsv, exportParams: params }
}
