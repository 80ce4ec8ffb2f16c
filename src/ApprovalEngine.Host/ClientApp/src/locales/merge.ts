type Tree = { [key: string]: unknown }

/** Deep merge of message modules (a module adds keys to a section others own too, e.g. `labels` or `errors`). */
export function mergeMessages<T extends Tree>(base: T, ...modules: Tree[]): T {
  const out: Tree = { ...base }
  for (const module of modules) {
    for (const [key, value] of Object.entries(module)) {
      const current = out[key]
      out[key] = isTree(current) && isTree(value) ? mergeMessages(current, value) : value
    }
  }
  return out as T
}

const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v)
