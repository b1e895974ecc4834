import { describe, expect, it } from 'vitest'
import { SseParser } from './sse'

describe('SseParser', () => {
  it('reads named events split across chunks and skips keep-alive comments', () => {
    const parser = new SseParser()
    expect(parser.push('event:measures\ndata:{"a"')).toEqual([])
    expect(parser.push(':1}\n\n:keep-alive\n\nevent: ledger-row\r\ndata: x\r\n\r\n')).toEqual([
      { event: 'measures', data: '{"a":1}' },
      { event: 'ledger-row', data: 'x' },
    ])
  })

  it('joins multi-line data, defaults the name and keeps the retry delay', () => {
    const parser = new SseParser()
    expect(parser.push('retry:60000\ndata:a\ndata:b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }])
    expect(parser.retry).toBe(60000)
  })
})

describe('backoff', async () => {
  const { backoff } = await import('./liveStream')
  it('doubles from 1 s up to 30 s', () => {
    const mid = () => 0.5
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoff(n, mid))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000])
  })
})
