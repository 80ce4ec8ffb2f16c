import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { i18n } from '@/locales'
import { createAppRouter } from '@/router'
import { setUnauthorizedHandler } from '@/api/http'
import { clearSession } from '@/utils/session'
import '@/styles/office.css'

const app = createApp(App)
const router = createAppRouter()
app.use(createPinia()).use(router).use(i18n).use(ElementPlus)
// An expired or revoked token: sign in again and come back here.
setUnauthorizedHandler(() => {
  clearSession()
  const back = router.currentRoute.value.fullPath
  if (router.currentRoute.value.name !== 'signin') void router.push({ path: '/signin', query: { returnUrl: back } })
})
document.documentElement.lang = i18n.global.locale.value
app.mount('#app')
