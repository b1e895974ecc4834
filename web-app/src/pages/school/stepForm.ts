import { reactive, ref, watch } from 'vue'
import { ApiError, api, newRequestId } from '../../api/http'
import { fieldOf, type Problems } from './rules'

/**
 * What every step dialog of the school does the same way: a request id made when the dialog opens and reused for every
 * retry of that submit (a double click or a retry never records twice), the client-side check first, the server's
 * refusal shown next to its field (else at the top), the submit button disabled while sending, nothing typed lost.
 */
export function useStepSubmit(options: {
  open: () => boolean
  fields: string[]
  onOpen: () => void
}) {
  const errors = reactive<Problems>({})
  const topError = ref('')
  const sending = ref(false)
  let requestId = newRequestId()

  function clear() {
    for (const key of Object.keys(errors)) delete errors[key]
    topError.value = ''
  }

  watch(options.open, (open) => {
    if (open) {
      requestId = newRequestId()
      clear()
      options.onOpen()
    }
  }, { immediate: true })

  /** Sends when the check finds nothing; true once the server accepted. */
  async function submit(problems: Problems, path: string, body: unknown): Promise<boolean> {
    if (sending.value) return false
    clear()
    Object.assign(errors, problems)
    if (Object.keys(problems).length > 0) return false
    sending.value = true
    try {
      await api.post(path, body, requestId)
      return true
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', null, '提交失败，请稍后重试', true)
      const field = fieldOf(error.field, options.fields)
      if (field) errors[field] = error.message
      else topError.value = error.message
      // A refusal on the content needs a new id for the corrected submit; a lost answer is retried with the same one.
      if (!error.retryable) requestId = newRequestId()
      return false
    } finally {
      sending.value = false
    }
  }

  return { errors, topError, sending, submit }
}

/** Enter sends the form, except in a multi-line text and in a drop-down (where Enter picks an option). */
export function onEnter(event: KeyboardEvent, send: () => void) {
  const target = event.target as HTMLElement | null
  if (!target || event.isComposing) return
  if (target.tagName === 'TEXTAREA' || target.closest('.el-select, .el-select__wrapper, .el-cascader')) return
  event.preventDefault()
  send()
}
