import { describe, expect, it } from 'vitest'
import { readUntil } from './readSide'

describe('reading again until the read side shows a step', () => {
  it('stops as soon as the page shows the change', async () => {
    let reads = 0
    expect(await readUntil(async () => reads++, () => reads >= 3, 10, 0)).toBe(true)
    expect(reads).toBe(3)
  })

  it('gives up after the last attempt and says so', async () => {
    let reads = 0
    expect(await readUntil(async () => reads++, () => false, 4, 0)).toBe(false)
    expect(reads).toBe(4)
  })
})
