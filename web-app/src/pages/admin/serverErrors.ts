import { reactive, ref } from 'vue'
import { ApiError } from '../../api/http'

/**
 * The server's refusal of a form, shown where it belongs: next to the form item whose prop matches ApiError.field
 * (or the nearest enclosing one: "evidence[0].issuedOn" falls back to "evidence"), else as an alert at the top.
 */
export function useServerErrors(props: () => string[]) {
  const fieldErrors = reactive<Record<string, string>>({})
  const topError = ref<string | null>(null)

  function clear() {
    for (const key of Object.keys(fieldErrors)) delete fieldErrors[key]
    topError.value = null
  }

  function show(error: unknown) {
    clear()
    if (!(error instanceof ApiError)) {
      topError.value = '提交失败，请稍后重试'
      return
    }
    const known = props()
    let field = error.field
    while (field) {
      if (known.includes(field)) {
        fieldErrors[field] = error.message
        return
      }
      const cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['))
      field = cut > 0 ? field.slice(0, cut) : null
    }
    topError.value = error.message
  }

  return { fieldErrors, topError, clear, show }
}
