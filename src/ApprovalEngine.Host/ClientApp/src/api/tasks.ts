import { get, getPage, post, paged, ApiError, type Paged } from './http'

export type TaskStatus = 'open' | 'claimed' | 'completed'
export type WorklistView = 'mine' | 'department' | 'done'

/** A task as the worklist shows it (contract item 3; older fields kept for a server that has not moved yet). */
export interface Task {
  id: string
  instanceId: string
  correlationId: string | null
  definitionId: string
  definitionName: string | null
  stepName: string | null
  title: string | null
  instructions: string | null
  activityId: string
  activityType: string | null
  kind: string | null
  department: string
  departmentName: string | null
  status: TaskStatus
  claimedBy: string | null
  claimedByName: string | null
  createdAt: string
  completedAt: string | null
  completedBy: string | null
  outcome: string | null
  opinion: string | null
  applicant: string | null
  projectName: string | null
  dueDate: string | null
  workingDaysLeft: number | null
  deadlineWorkingDays: number | null
  deadlineState: string | null
  isOverdue: boolean
  allowedOutcomes: string[]
  requiredMaterials: string[]
  round: number
  context: Record<string, unknown> | null
  /** The office's tabs: the signers added to this task who have not answered yet (sign-in ids); absent elsewhere. */
  waitingSigners?: string[] | null
}

type RawTask = Partial<Task> & { outcomes?: string[]; status?: string; context?: Record<string, unknown> | null }

function text(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null
}

/** Reads a task of either the contract's shape or the older one (PascalCase status, outcomes, context fields). */
export function normalizeTask(raw: RawTask): Task {
  const ctx = (raw.context ?? {}) as Record<string, unknown>
  const input = (ctx.input ?? {}) as Record<string, unknown>
  return {
    id: raw.id!,
    instanceId: raw.instanceId!,
    correlationId: raw.correlationId ?? null,
    definitionId: raw.definitionId ?? '',
    definitionName: raw.definitionName ?? null,
    stepName: raw.stepName ?? raw.title ?? null,
    title: raw.title ?? null,
    instructions: raw.instructions ?? null,
    activityId: raw.activityId ?? '',
    activityType: raw.activityType ?? null,
    kind: raw.kind ?? null,
    department: raw.department ?? '',
    departmentName: raw.departmentName ?? null,
    status: String(raw.status ?? 'open').toLowerCase() as TaskStatus,
    claimedBy: raw.claimedBy ?? null,
    claimedByName: raw.claimedByName ?? null,
    createdAt: raw.createdAt ?? '',
    completedAt: raw.completedAt ?? null,
    completedBy: raw.completedBy ?? null,
    outcome: raw.outcome ?? null,
    opinion: raw.opinion ?? null,
    applicant: raw.applicant ?? text(ctx.applicant) ?? text(input.applicant),
    projectName: raw.projectName ?? text(ctx.projectName) ?? text(ctx.project) ?? text(input.projectName) ?? text(input.project),
    dueDate: raw.dueDate ?? null,
    workingDaysLeft: raw.workingDaysLeft ?? null,
    deadlineWorkingDays: raw.deadlineWorkingDays ?? null,
    deadlineState: raw.deadlineState ?? null,
    isOverdue: raw.isOverdue ?? false,
    allowedOutcomes: raw.allowedOutcomes ?? raw.outcomes ?? [],
    requiredMaterials: raw.requiredMaterials ?? [],
    round: raw.round ?? 1,
    context: raw.context ?? null,
    waitingSigners: raw.waitingSigners ?? null,
  }
}

/**
 * A card after a claim, release or completion of its task. Those answer with the task alone, without the card's facts (the
 * names, the step's clock: its state and working days left), so the card keeps its own and takes what the action changed:
 * taking the answer whole showed a claimed task's clock as 无期限.
 */
export function withTaskChange(card: Task, changed: Task): Task {
  return {
    ...card,
    status: changed.status,
    claimedBy: changed.claimedBy,
    claimedByName: changed.claimedBy === card.claimedBy ? card.claimedByName : changed.claimedByName,
    completedAt: changed.completedAt,
    completedBy: changed.completedBy,
    outcome: changed.outcome,
    opinion: changed.opinion,
  }
}

export type WorklistSort = 'due' | 'created' | 'department' | 'completed'

/** Each tab's natural order: work to do by due date, the oldest due first; work done by when it was handled, the latest first. */
export function defaultOrder(view: WorklistView): { sort: WorklistSort; desc: boolean } {
  return view === 'done' ? { sort: 'completed', desc: true } : { sort: 'due', desc: false }
}

/** The orders a tab offers: the time handled only where every task has been handled. */
export function ordersFor(view: WorklistView): WorklistSort[] {
  return view === 'done' ? ['completed', 'due', 'created', 'department'] : ['due', 'created', 'department']
}

export interface TaskQuery {
  view?: WorklistView
  status?: TaskStatus
  q?: string
  definitionId?: string
  instanceId?: string
  sort?: WorklistSort
  desc?: boolean
  page?: number
  pageSize?: number
}

export async function listTasks(query: TaskQuery): Promise<Paged<Task>> {
  // The UI counts pages from 1; the API from 0.
  const raw = await get<{ items: RawTask[]; page?: number }>('/api/tasks', { ...query, desc: query.desc ? true : undefined, page: (query.page ?? 1) - 1 })
  const result = paged(raw)
  return { ...result, items: result.items.map(normalizeTask), page: result.page + 1 }
}

/** Every step of one application, every department's, oldest first (GET /api/instances/{id}/tasks): the application page. */
export const applicationTasks = async (instanceId: string): Promise<Task[]> =>
  (await get<RawTask[]>(`/api/instances/${encodeURIComponent(instanceId)}/tasks`)).map(normalizeTask)

/** How many tasks wait in the caller's worklist as it opens (部门待办), counted up to 1,000: capped past it (the menu's badge). */
export const waitingTaskCount = () => get<{ count: number; capped: boolean }>('/api/tasks/pending-count')
export const getTask = async (id: string) => normalizeTask(await get<RawTask>(`/api/tasks/${encodeURIComponent(id)}`))
export const claimTask = async (id: string) => normalizeTask(await post<RawTask>(`/api/tasks/${encodeURIComponent(id)}/claim`))
export const releaseTask = async (id: string) => normalizeTask(await post<RawTask>(`/api/tasks/${encodeURIComponent(id)}/release`))
export const completeTask = async (id: string, outcome: string, opinion: string, materials?: string[], competentAgency?: string) =>
  normalizeTask(await post<RawTask>(`/api/tasks/${encodeURIComponent(id)}/complete`, { outcome, opinion, materials, competentAgency }))

export interface BulkResult {
  taskId: string
  status: number
  code: string | null
  detail: string | null
}

/** Bulk claim (contract item 4); on a server without it, one call per task, with the same result shape. */
export async function bulkClaim(taskIds: string[]): Promise<BulkResult[]> {
  return bulk('/api/tasks/bulk/claim', { taskIds }, taskIds, (id) => claimTask(id))
}

export async function bulkComplete(taskIds: string[], outcome: string, opinion: string): Promise<BulkResult[]> {
  return bulk('/api/tasks/bulk/complete', { taskIds, outcome, opinion }, taskIds, (id) => completeTask(id, outcome, opinion))
}

async function bulk(path: string, body: unknown, ids: string[], one: (id: string) => Promise<unknown>): Promise<BulkResult[]> {
  try {
    return (await post<{ results: BulkResult[] }>(path, body)).results
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 405)) throw e
  }
  const results: BulkResult[] = []
  for (const id of ids) {
    try {
      await one(id)
      results.push({ taskId: id, status: 200, code: null, detail: null })
    } catch (e) {
      results.push(e instanceof ApiError ? { taskId: id, status: e.status, code: e.code, detail: e.detail } : { taskId: id, status: 0, code: null, detail: String(e) })
    }
  }
  return results
}

export interface Material {
  id: string
  instanceId: string
  name: string
  fileName: string
  contentType: string
  size: number
  sha256: string
  uploadedBy: string
  uploadedAt: string
  /** A shared licence (免提交) in place of an upload: its number, verifiable at /verify/{number}. */
  licenceNumber?: string | null
}

export const listMaterials = (instanceId: string) => get<Material[]>(`/api/instances/${encodeURIComponent(instanceId)}/materials`)

export interface AwaitingApplicant {
  instanceId: string
  correlationId: string | null
  definitionName: string | null
  applicant: string | null
  projectName: string | null
  requestedBy: string
  requestedByName: string | null
  requestedAt: string
  notice: { items: { material: string; reason: string }[]; text: string | null }
  clockPausedSince: string | null
  workingDaysUsed: number | null
  workingDaysLeft: number | null
}

/** Contract item 6, a page (1-based here) oldest notice first; null on a server without it (the page says so, it never invents rows). */
export async function awaitingApplicant(page = 1, pageSize = 20): Promise<Paged<AwaitingApplicant> | null> {
  try {
    return await getPage<AwaitingApplicant>('/api/worklist/awaiting-applicant', { pageSize }, page)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null
    throw e
  }
}
