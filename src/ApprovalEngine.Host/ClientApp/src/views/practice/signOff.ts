/** How a task's step reaches its opinion, read from the task's context (see HumanStep on the server). */
export type SignOffInfo =
  | { kind: 'signer'; mode: 'all' | 'any' | 'sequential' | 'vote'; index: number; count: number; ratio: number | null }
  | { kind: 'level'; position: 'handler' | 'checker' | 'approver'; level: number; levels: number }

const MODES = new Set(['all', 'any', 'sequential', 'vote'])
const POSITIONS = new Set(['handler', 'checker', 'approver'])

export function signOffOf(context: Record<string, unknown> | null | undefined): SignOffInfo | null {
  if (!context) return null
  const mode = context.reviewMode
  if (typeof mode === 'string' && MODES.has(mode))
    return {
      kind: 'signer',
      mode: mode as 'all' | 'any' | 'sequential' | 'vote',
      index: Number(context.signerIndex ?? 1),
      count: Number(context.signers ?? 1),
      ratio: typeof context.passRatio === 'number' ? context.passRatio : null,
    }
  const position = context.position
  if (typeof position === 'string' && POSITIONS.has(position))
    return { kind: 'level', position: position as 'handler' | 'checker' | 'approver', level: Number(context.level ?? 1), levels: Number(context.levels ?? 1) }
  return null
}
