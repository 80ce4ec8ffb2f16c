import { readSession } from '@/utils/session'

/** An RFC 7807 problem answered by the API: a stable machine `code` (translated by the UI) and an English `detail`. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string | null,
    public readonly detail: string | null,
    public readonly title: string | null = null,
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title ?? `HTTP ${status}`)
  }
}

type Query = Record<string, string | number | boolean | null | undefined | string[]>

export interface RequestOptions {
  query?: Query
  body?: unknown
  form?: FormData
  /** A body sent as it is (a file's text), with its content type. */
  raw?: { body: BodyInit; contentType: string }
  /** Send no bearer token (public endpoints). */
  anonymous?: boolean
  signal?: AbortSignal
  headers?: Record<string, string>
}

/** Called on 401 (an expired or revoked token): the app sends the user to sign in again. */
let onUnauthorized: () => void = () => {}
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) v.forEach((x) => params.append(k, x))
    else params.set(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

export function authHeaders(): Record<string, string> {
  const s = readSession()
  return s ? { authorization: `Bearer ${s.token}` } : {}
}

export async function toApiError(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {}
  try {
    body = (await response.json()) as Record<string, unknown>
  } catch {
    /* not JSON: keep the status */
  }
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null)
  return new ApiError(response.status, str(body.code), str(body.detail), str(body.title), body)
}

export async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...(options.anonymous ? {} : authHeaders()), ...options.headers }
  let body: BodyInit | undefined
  if (options.form) body = options.form
  else if (options.raw) {
    headers['content-type'] = options.raw.contentType
    body = options.raw.body
  }
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  let response: Response
  try {
    response = await fetch(buildUrl(path, options.query), { method, headers, body, signal: options.signal })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, 'network', 'The server cannot be reached.')
  }
  if (!response.ok) {
    if (response.status === 401 && !options.anonymous) onUnauthorized()
    throw await toApiError(response)
  }
  return response
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options)
  if (response.status === 204) return undefined as T
  const type = response.headers.get('content-type') ?? ''
  return (type.includes('json') ? await response.json() : await response.text()) as T
}

export const get = <T>(path: string, query?: Query, options: RequestOptions = {}) => request<T>('GET', path, { ...options, query })
export const post = <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>('POST', path, { ...options, body })

/** A paged answer: the API says `totalCount` today, the contract `total`; both are read. */
export interface Paged<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export function paged<T>(raw: { items?: T[]; total?: number; totalCount?: number; page?: number; pageSize?: number }, map: (x: T) => T = (x) => x): Paged<T> {
  const items = (raw.items ?? []).map(map)
  return { items, total: raw.total ?? raw.totalCount ?? items.length, page: raw.page ?? 1, pageSize: raw.pageSize ?? items.length }
}

/** A page of a staff list whose API counts pages from 0 and answers `totalCount`: the page here counts from 1. */
export async function getPage<T>(path: string, query: Query, page = 1): Promise<Paged<T>> {
  const result = paged(await get<{ items: T[]; totalCount: number; page: number; pageSize: number }>(path, { ...query, page: page - 1 }))
  return { ...result, page: result.page + 1 }
}

/** Fetches a file that needs the token (materials, CSV exports) and hands it to the browser. */
export async function fetchBlob(path: string, query?: Query): Promise<Blob> {
  const response = await send('GET', path, { query, headers: { accept: '*/*' } })
  return await response.blob()
}
