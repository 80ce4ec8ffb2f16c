import { describe, expect, it } from 'vitest'
import { SseParser } from '@/utils/sse'

describe('server-sent events parsing', () => {
  it('parses events split across chunks anywhere and skips heartbeats', () => {
    const p = new SseParser()
    expect(p.push(': heartbeat\n\nevent: ta')).toEqual([])
    expect(p.push('sk\ndata: {"taskId":"t1","change":"opened"}\n')).toEqual([])
    const events = p.push('\nevent: notification\r\ndata: {"id":1}\r\n\r\n')
    expect(events).toEqual([
      { event: 'task', data: '{"taskId":"t1","change":"opened"}', id: undefined },
      { event: 'notification', data: '{"id":1}', id: undefined },
    ])
  })

  it('joins multi-line data, defaults the event name and keeps the last id', () => {
    const p = new SseParser()
    expect(p.push('id: 7\ndata: a\ndata:b\n\n')).toEqual([{ event: 'message', data: 'a\nb', id: '7' }])
  })

  it('waits when a chunk ends between \\r and \\n', () => {
    const p = new SseParser()
    expect(p.push('data: x\r')).toEqual([])
    expect(p.push('\n\r\n')).toEqual([{ event: 'message', data: 'x', id: undefined }])
  })
})
