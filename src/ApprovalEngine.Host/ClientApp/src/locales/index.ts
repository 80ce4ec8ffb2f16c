import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'
import officeZhCN from './office/zh-CN'
import officeEn from './office/en'
import applicantZhCN from './applicant/zh-CN'
import applicantEn from './applicant/en'
import taskopsZhCN from './taskops/zh-CN'
import taskopsEn from './taskops/en'
import calendarZhCN from './calendar/zh-CN'
import calendarEn from './calendar/en'
import practiceZhCN from './practice/zh-CN'
import practiceEn from './practice/en'
import careZhCN from './care/zh-CN'
import careEn from './care/en'
import pagesZhCN from './pages/zh-CN'
import pagesEn from './pages/en'
import uxZhCN from './ux/zh-CN'
import uxEn from './ux/en'
import licencesZhCN from './licences/zh-CN'
import licencesEn from './licences/en'
import acceptanceZhCN from './acceptance/zh-CN'
import acceptanceEn from './acceptance/en'
import supervisionZhCN from './supervision/zh-CN'
import supervisionEn from './supervision/en'
import caseworkZhCN from './casework/zh-CN'
import caseworkEn from './casework/en'
import { mergeMessages } from './merge'

export type Locale = 'zh-CN' | 'en'
export const LOCALE_KEY = 'approvalengine.locale'
export const LOCALES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
]

/** zh-CN unless the user chose English before (remembered in localStorage). */
export function initialLocale(storage: Storage = localStorage): Locale {
  return storage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'zh-CN'
}

/** Every message: the main files plus the modules that add to them. */
export const messages = {
  'zh-CN': mergeMessages(zhCN, officeZhCN, applicantZhCN, taskopsZhCN, calendarZhCN, practiceZhCN, careZhCN, pagesZhCN, uxZhCN, licencesZhCN, acceptanceZhCN, supervisionZhCN, caseworkZhCN),
  en: mergeMessages(en, officeEn, applicantEn, taskopsEn, calendarEn, practiceEn, careEn, pagesEn, uxEn, licencesEn, acceptanceEn, supervisionEn, caseworkEn),
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

export function setLocale(locale: Locale, storage: Storage = localStorage): void {
  i18n.global.locale.value = locale
  storage.setItem(LOCALE_KEY, locale)
  document.documentElement.lang = locale
}
