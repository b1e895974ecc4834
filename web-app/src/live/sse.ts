// A minimal reader of the text/event-stream format (the parts the product sends: event, data, retry, comments).
// EventSource would do this itself, but it cannot send the Authorization header, so the stream is read with fetch().

export interface SseMessage {
  event: string
  data: string
}

/** Feeds chunks of the stream in; gives back the complete messages (a message ends with a blank line). */
export class SseParser {
  private buffer = ''
  private event = ''
  private data: string[] = []
  /** The server's reconnection delay (retry:), in milliseconds, if it sent one. */
  retry: number | null = null

  push(chunk: string): SseMessage[] {
    this.buffer += chunk
    const messages: SseMessage[] = []
    let end: number
    while ((end = this.nextLineEnd()) >= 0) {
      const line = this.buffer.slice(0, end)
      // CRLF counts as one line end
      const skip = this.buffer[end] === '\r' && this.buffer[end + 1] === '\n' ? 2 : 1
      this.buffer = this.buffer.slice(end + skip)
      if (line === '') {
        if (this.data.length > 0) messages.push({ event: this.event || 'message', data: this.data.join('\n') })
        this.event = ''
        this.data = []
        continue
      }
      if (line.startsWith(':')) continue // comment: the server's keep-alive
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      let value = colon < 0 ? '' : line.slice(colon + 1)
      if (value.startsWith(' ')) value = value.slice(1)
      if (field === 'event') this.event = value
      else if (field === 'data') this.data.push(value)
      else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value)
    }
    return messages
  }

  private nextLineEnd(): number {
    const cr = this.buffer.indexOf('\r')
    const lf = this.buffer.indexOf('\n')
    if (cr < 0) return lf
    if (lf < 0) return cr === this.buffer.length - 1 ? -1 : cr // a lone trailing CR may be half of CRLF
    return Math.min(cr, lf)
  }
}
