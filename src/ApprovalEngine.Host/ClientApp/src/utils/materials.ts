import type { MaterialTitleMap } from '@/api/materials'

/**
 * A material's title (消防设计审查意见) for its stable name (`fire protection design`): the process's own guide first,
 * then any process that names it; a name no guide knows was typed by a person and is shown as typed.
 */
export function materialTitle(map: MaterialTitleMap, name: string, definitionId?: string | null): string {
  const own = definitionId ? map[definitionId]?.[name] : undefined
  if (own) return own
  for (const titles of Object.values(map)) if (titles[name]) return titles[name]
  return name
}

/** The materials a person can pick for a process: every name its guide lists, shown by title. */
export function materialOptions(map: MaterialTitleMap, definitionId?: string | null, extra: string[] = []): { value: string; label: string }[] {
  const names = [...extra, ...Object.keys((definitionId && map[definitionId]) || {})]
  return [...new Set(names)].map((value) => ({ value, label: materialTitle(map, value, definitionId) }))
}

/**
 * The required materials not among those received (by name, as uploads carry them): what a 受理 would leave missing. The
 * law asks the window for one complete correction notice instead (材料不全的，一次性告知补正), so the clerk confirms first.
 */
export function missingMaterials(required: string[], received: string[]): string[] {
  const have = new Set(received.map((n) => n.trim()))
  return required.filter((n) => !have.has(n.trim()))
}

/**
 * What a correction (补正) or refusal (不予受理) dialog still lacks, as an i18n key under `correction.` ('' when complete).
 * The dialog re-checks on every change once it has said something, so a fixed problem does not stay on screen.
 */
/**
 * What keeps a correction notice or a refusal from being sent ('' when nothing). A refusal needs its reasons; the agency
 * to apply to only when the matter is another office's (行政许可法 Art. 32(2)), so it is optional here.
 */
export function correctionProblem(refusal: boolean, materials: string[], opinion: string): string {
  if (refusal) return !opinion.trim() ? 'needReason' : ''
  return !materials.some((m) => m.trim()) ? 'needMaterials' : !opinion.trim() ? 'needOpinion' : ''
}
