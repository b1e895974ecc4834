import { nextTick, reactive, ref, watch } from 'vue'
import { api, ApiError, newRequestId } from '../../../api/http'

// The one behaviour of every step dialog: a request id made when the dialog opens and reused for each retry of the
// submit (a double click or a retry after a lost answer records once), client checks before sending, the server's
// refusal shown next to the field it names (else at the top), and nothing typed lost on an error. What was typed
// stays while the dialog is closed and opened again for the same case; it is cleared only once the server accepted.

export type Errors = Record<string, string>

export interface StepFormOptions<F extends object> {
  /** The form as it starts. */
  initial: () => F
  /** The form items' props (paths into the form, e.g. 'teacher.phone', 'evidence[0].issuedOn', 'villageCadre'). */
  fields: (form: F) => string[]
  /** The client checks: prop → message. */
  validate: (form: F) => Errors
  /** The command's path and body; the request id is the dialog's (e.g. to name a new visit after it). */
  request: (form: F, requestId: string) => { path: string; body: unknown }
}

export function useStepForm<F extends object>(
  props: { caseId: string; modelValue: boolean },
  emit: { (e: 'update:modelValue', open: boolean): void; (e: 'done'): void },
  options: StepFormOptions<F>,
) {
  const form = reactive(options.initial()) as F
  const errors = ref<Errors>({})
  // The value each error was about: once the clerk changes it, the message goes away.
  const about = ref<Record<string, string>>({})
  const alert = ref('')
  const sending = ref(false)
  const requestId = ref(newRequestId())
  let draftFor = props.caseId

  watch(
    () => props.modelValue,
    (open) => {
      if (!open) return
      requestId.value = newRequestId()
      if (draftFor !== props.caseId) reset()
    },
    { immediate: true },
  )

  function reset() {
    Object.assign(form, options.initial())
    errors.value = {}
    about.value = {}
    alert.value = ''
    draftFor = props.caseId
  }

  function valueAt(path: string): string {
    let value: unknown = form
    for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
      if (value === null || value === undefined) break
      value = (value as Record<string, unknown>)[part]
    }
    return JSON.stringify(value ?? null)
  }

  /** The message for a form item, while its value is still the one the message was about. */
  function errorOf(path: string): string {
    const message = errors.value[path]
    return message && about.value[path] === valueAt(path) ? message : ''
  }

  async function show(found: Errors) {
    errors.value = {}
    await nextTick() // an el-form-item shows the same message again only after it was cleared
    errors.value = found
    about.value = Object.fromEntries(Object.keys(found).map((k) => [k, valueAt(k)]))
    const first = options.fields(form).find((f) => found[f])
    if (first) document.querySelector(`[data-prop="${CSS.escape(first)}"]`)?.scrollIntoView({ block: 'center' })
  }

  /** The form item a server field belongs to: the same path, or the nearest enclosing one. */
  function itemFor(field: string): string | null {
    const known = options.fields(form)
    let path = field
    while (path) {
      if (known.includes(path)) return path
      const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['))
      path = cut > 0 ? path.substring(0, cut) : ''
    }
    return null
  }

  async function submit() {
    if (sending.value) return
    alert.value = ''
    const found = options.validate(form)
    if (Object.keys(found).length) {
      await show(found)
      return
    }
    await show({})
    sending.value = true
    try {
      const { path, body } = options.request(form, requestId.value)
      await api.post(path, body, requestId.value)
      reset()
      draftFor = ''
      emit('done')
      emit('update:modelValue', false)
    } catch (e) {
      if (!(e instanceof ApiError)) {
        alert.value = '提交失败，请稍后重试'
        return
      }
      const item = e.field ? itemFor(e.field) : null
      if (item) await show({ [item]: e.message })
      else alert.value = e.message + (e.retryable ? '（可直接再次提交，不会重复登记）' : '')
    } finally {
      sending.value = false
    }
  }

  return { form, errorOf, alert, sending, submit, requestId }
}
