/** One server-sent event (text/event-stream). */
export interface SseEvent {
  event: string
  data: string
  id?: string
}

/**
 * Incremental parser of an event stream: feed it chunks as they arrive (they may split lines and events anywhere);
 * it returns the events completed so far. Comments (heartbeats, ": ping") are skipped.
 */
export class SseParser {
  private buffer = ''
  private event = ''
  private data: string[] = []
  private id: string | undefined

  push(chunk: string): SseEvent[] {
    this.buffer += chunk
    const out: SseEvent[] = []
    let newline: number
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline)
      const skip = this.buffer.startsWith('\r\n', newline) ? 2 : 1
      // A lone \r at the end of a chunk may be the first half of \r\n: wait for the next chunk.
      if (skip === 1 && this.buffer[newline] === '\r' && newline === this.buffer.length - 1) break
      this.buffer = this.buffer.slice(newline + skip)
      if (line === '') {
        if (this.data.length > 0) out.push({ event: this.event || 'message', data: this.data.join('\n'), id: this.id })
        this.event = ''
        this.data = []
        continue
      }
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      let value = colon < 0 ? '' : line.slice(colon + 1)
      if (value.startsWith(' ')) value = value.slice(1)
      if (field === 'event') this.event = value
      else if (field === 'data') this.data.push(value)
      else if (field === 'id') this.id = value
    }
    return out
  }
}

/** A task change pushed by GET /api/events (contract item 5). */
export interface TaskChange {
  taskId: string
  instanceId: string
  department: string
  change: 'opened' | 'claimed' | 'released' | 'completed'
}

/**
 * Reads GET /api/events with the bearer header (fetch streaming, so the token never appears in a URL) and calls
 * `onEvent` for each event; reconnects with back-off until `signal` aborts. Returns when aborted.
 */
export async function streamEvents(
  url: string,
  token: string,
  onEvent: (e: SseEvent) => void,
  signal: AbortSignal,
  onState: (connected: boolean) => void = () => {},
): Promise<void> {
  let delay = 1000
  while (!signal.aborted) {
    try {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal })
      // Not there (an older server) or not allowed: no live updates, and no retry storm.
      if (response.status === 404 || response.status === 401 || response.status === 403) return
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`)
      onState(true)
      delay = 1000
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      const parser = new SseParser()
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        for (const e of parser.push(value)) onEvent(e)
      }
    } catch {
      if (signal.aborted) return
    }
    onState(false)
    await new Promise((resolve) => setTimeout(resolve, delay))
    delay = Math.min(delay * 2, 30_000)
  }
}
