// Client-side mirrors of the service-care rules (the server decides; these only spare a round trip) and the phone a
// complaint was filed with, kept for this browser tab so an anonymous complainant can read the reply without retyping it.

/** Levels of 好差评 (GB/T 39735-2020), best first: 5 非常满意 … 1 非常不满意; 1 and 2 are bad reviews. */
export const LEVELS = [5, 4, 3, 2, 1] as const

export const isBadLevel = (level: number): boolean => level <= 2

/** The server's ContactRules.NormalizePhone: spaces gone, +86/0086 before a mobile dropped, a mobile's hyphens dropped. */
export function normalizePhone(value: string): string {
  let compact = value.replace(/\s+/g, '')
  for (const prefix of ['+86', '0086']) {
    if (compact.startsWith(prefix)) {
      compact = compact.slice(prefix.length).replace(/^-+/, '')
      break
    }
  }
  const digits = compact.replace(/-/g, '')
  return digits.length === 11 && digits.startsWith('1') ? digits : compact
}

/** The server's ContactRules.IsPhone (of the normalized number): an 11-digit mobile or a landline with its area code. */
export function isPhone(value: string): boolean {
  return /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(normalizePhone(value))
}

const PHONE_KEY = 'approvalengine.complaint-phone.'

export function rememberComplaintPhone(number: string, phone: string, storage: Storage = sessionStorage): void {
  storage.setItem(PHONE_KEY + number, phone)
}

export function rememberedComplaintPhone(number: string, storage: Storage = sessionStorage): string | null {
  return storage.getItem(PHONE_KEY + number)
}

/** Signing out on a shared phone also forgets the complaint phones this tab kept (they open the replies). */
export function forgetComplaintPhones(storage: Storage = sessionStorage): void {
  for (const key of Array.from({ length: storage.length }, (_, i) => storage.key(i))) if (key?.startsWith(PHONE_KEY)) storage.removeItem(key)
}

/** Statuses after which an application can be rated online (the server also requires the process to have ended). */
export const ENDED_STATUSES = ['approved', 'denied', 'withdrawn', 'notAccepted', 'terminated', 'revoked', 'ended']
