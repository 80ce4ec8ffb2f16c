import { defineStore } from 'pinia'
import { ref } from 'vue'
import { streamEvents, type SseEvent, type TaskChange } from '@/utils/sse'
import { readSession } from '@/utils/session'

type Listener<T> = (payload: T) => void

/**
 * One connection to GET /api/events per tab (contract item 5), fanned out to the pages that listen: the worklist
 * for task changes, the notification centre for notifications. No page polls.
 */
export const useLiveStore = defineStore('live', () => {
  const connected = ref(false)
  const taskListeners = new Set<Listener<TaskChange>>()
  const notificationListeners = new Set<Listener<unknown>>()
  let controller: AbortController | null = null

  function dispatch(e: SseEvent): void {
    let data: unknown
    try {
      data = JSON.parse(e.data)
    } catch {
      return
    }
    if (e.event === 'task') taskListeners.forEach((l) => l(data as TaskChange))
    else if (e.event === 'notification') notificationListeners.forEach((l) => l(data))
  }

  function start(): void {
    const session = readSession()
    if (controller || !session) return
    controller = new AbortController()
    void streamEvents('/api/events', session.token, dispatch, controller.signal, (c) => (connected.value = c)).finally(() => {
      connected.value = false
    })
  }

  function stop(): void {
    controller?.abort()
    controller = null
    connected.value = false
  }

  function onTask(listener: Listener<TaskChange>): () => void {
    taskListeners.add(listener)
    return () => taskListeners.delete(listener)
  }

  function onNotification(listener: Listener<unknown>): () => void {
    notificationListeners.add(listener)
    return () => notificationListeners.delete(listener)
  }

  return { connected, start, stop, onTask, onNotification }
})
