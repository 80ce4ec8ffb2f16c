import { ref } from 'vue'
import { showFailToast, showSuccessToast } from 'vant'
import { applicantError } from '@/applicant/errors'
import { isBadLevel } from '@/applicant/care'

type Translate = (key: string) => string

/**
 * A five-level rating and its comment, sent once a level is picked: rating an application and rating a complaint's reply.
 * With <reasonForBad> a dissatisfied level also needs its reason (好差评: the rectification it opens answers it; the API
 * refuses it without, evaluation.reason-required).
 */
export function useRating(t: Translate, te: (key: string) => boolean, send: (level: number, comment: string) => Promise<void>, reasonForBad = false) {
  const level = ref<number | null>(null)
  const comment = ref('')
  const busy = ref(false)

  async function submit(): Promise<void> {
    if (level.value == null) {
      showFailToast(t('applicant.evaluation.pick'))
      return
    }
    if (reasonForBad && isBadLevel(level.value) && !comment.value.trim()) {
      showFailToast(t('errors.evaluation_reason-required'))
      return
    }
    busy.value = true
    try {
      await send(level.value, comment.value)
      showSuccessToast(t('applicant.evaluation.thanks'))
    } catch (e) {
      showFailToast(applicantError(e, t, te))
    } finally {
      busy.value = false
    }
  }

  return { level, comment, busy, submit }
}
