import { beforeEach, describe, expect, it } from 'vitest'
import { readSession, saveSession, safeReturnUrl, sessionFromToken, SESSION_KEY } from '@/utils/session'
import { homeFor, sectionsFor } from '@/utils/roles'
import { toCsv, BOM } from '@/utils/csv'
import { unreadCount, markAllRead } from '@/api/notifications'

describe('session shared with the designer', () => {
  beforeEach(() => localStorage.clear())

  it('writes what Studio pages read (key and shape) and drops expired sessions', () => {
    const s = { token: 'x', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user: 'li', roles: ['reviewer'], department: 'fire' }
    saveSession(s)
    const raw = JSON.parse(localStorage.getItem(SESSION_KEY)!)
    expect(Object.keys(raw)).toEqual(expect.arrayContaining(['token', 'expiresAt', 'user', 'roles', 'department']))
    expect(readSession()?.user).toBe('li')
    saveSession({ ...s, expiresAt: new Date(Date.now() + 10_000).toISOString() })
    expect(readSession()).toBeNull()
  })

  it('reads roles and department from a pasted token', () => {
    // base64url of UTF-8, as identity providers issue it (a Chinese name included)
    const payload = Buffer.from(JSON.stringify({ sub: 'wang', name: '王', role: ['clerk'], exp: 4102444800 })).toString('base64url')
    const s = sessionFromToken(`h.${payload}.s`)
    expect(s.user).toBe('王')
    expect(s.roles).toEqual(['clerk'])
    expect(() => sessionFromToken('nonsense')).toThrow()
  })

  it('only returns to same-site paths', () => {
    expect(safeReturnUrl('/worklist?view=mine', '/')).toBe('/worklist?view=mine')
    expect(safeReturnUrl('//evil.example', '/')).toBe('/')
    expect(safeReturnUrl('https://evil.example', '/')).toBe('/')
  })

  it('lands each role on its first section', () => {
    expect(homeFor(['reviewer'])).toBe('/worklist')
    expect(homeFor(['auditor'])).toBe('/applications')
    expect(homeFor([])).toBe('/signin')
    expect(sectionsFor([]).map((s) => s.id)).toEqual(['verify'])
    expect(sectionsFor(['admin']).map((s) => s.id)).toContain('designer')
  })

  it('keeps designers off the pages that show applicants (need-to-know)', () => {
    const designer = sectionsFor(['designer']).map((s) => s.id)
    expect(designer).not.toContain('applications')
    expect(designer).not.toContain('licences')
    expect(designer).toContain('designer')
    expect(homeFor(['designer'])).toBe('/dashboard')
    expect(sectionsFor(['clerk']).map((s) => s.id)).toContain('licences')
  })
})

describe('CSV export and unread notifications', () => {
  it('starts with a BOM and quotes what needs quoting', () => {
    const csv = toCsv([{ a: '规划局', b: 'x,"y"' }], [{ title: '部门', value: (r) => r.a }, { title: 'B', value: (r) => r.b }])
    expect(csv.startsWith(BOM)).toBe(true)
    expect(csv).toBe(`${BOM}部门,B\r\n规划局,"x,""y"""\r\n`)
  })

  it('counts notifications newer than the last read mark', () => {
    localStorage.clear()
    const n = (at: string) => ({ id: at, topic: 'deadline.warning', recipient: 'fire', instanceId: null, payload: {}, createdAt: at })
    const items = [n('2026-03-01T00:00:00Z'), n('2026-03-05T00:00:00Z')]
    expect(unreadCount(items, 'li')).toBe(2)
    markAllRead('li', new Date('2026-03-02T00:00:00Z'))
    expect(unreadCount(items, 'li')).toBe(1)
  })
})
