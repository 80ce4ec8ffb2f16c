import { createApp } from 'vue'
import 'vant/lib/index.css'
import ApplicantApp from './ApplicantApp.vue'
import { i18n } from '@/locales'
import { createApplicantRouter } from './router'
import { setApplicantUnauthorizedHandler } from './api'
import { clearApplicantSession } from './session'

const app = createApp(ApplicantApp)
const router = createApplicantRouter()
app.use(router).use(i18n)
setApplicantUnauthorizedHandler(() => {
  clearApplicantSession()
  void router.push({ path: '/service/signin', query: { returnUrl: router.currentRoute.value.fullPath } })
})
document.documentElement.lang = i18n.global.locale.value
app.mount('#app')
