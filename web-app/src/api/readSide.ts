// The read side follows the event store within about a second. After a step the page reads again until it shows the
// step (or gives up after a few seconds and shows what it has: the 刷新 button reads again).

const PAUSE_MS = 400
const ATTEMPTS = 10

/** Runs {@code read} until {@code shows()} is true, at most ten times; true when the page shows the change. */
export async function readUntil(read: () => Promise<unknown>, shows: () => boolean,
  attempts = ATTEMPTS, pauseMs = PAUSE_MS): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    await read()
    if (shows()) return true
    if (attempt >= attempts) return false
    await new Promise((resolve) => setTimeout(resolve, pauseMs))
  }
}
