import { computed, ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { showToast } from 'vant'
import { newRequestId } from '../../api/http'
import { saveRecord, type NewRecord, type OutboxItem } from '../local/outbox'
import { phone } from '../session'
import { local, reloadRecords, syncNow } from '../sync'

/**
 * Saving a record from a form: it goes to the phone's outbox first (so nothing typed is lost when the network is not
 * there) and is sent right away when it can be. A form opened with {@code ?edit=<request id>} corrects a refused
 * record: saving replaces it by a new one with a new request id.
 */
export function useRecordForm() {
  const route = useRoute()
  const router = useRouter()
  const editing = typeof route.query.edit === 'string' ? route.query.edit : undefined
  const corrected = computed<OutboxItem | undefined>(() => local.records.find((r) => r.requestId === editing))
  const requestId = newRequestId()
  const saving = ref(false)

  async function save(record: NewRecord, after: string) {
    saving.value = true
    try {
      await saveRecord(phone.username, record, requestId, editing)
      await reloadRecords()
    } finally {
      saving.value = false
    }
    showToast({ message: local.reachable ? '已保存，正在发送' : '已保存在手机上\n有网络后自动发送', duration: 2500 })
    void syncNow()
    await router.replace(after)
  }

  return { requestId, saving, save, corrected, refusal: computed(() => corrected.value?.refusal?.message ?? null) }
}
