// How a child is named on the phone: enough for the team to know which child it is, not enough for a finder of a
// lost phone to learn who the children are (张*明, 欧阳**, 阿卜杜拉·**).

export function maskName(name: string | null | undefined): string {
  if (!name) return '—'
  const chars = [...name.trim()]
  if (chars.length <= 1) return '*'
  if (chars.length === 2) return chars[0] + '*'
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1]
}

/** An ID number as the server masks it on reads: the region and the check character stay. */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return ''
  const value = id.trim().toUpperCase()
  return value.length < 8 ? '*'.repeat(value.length) : value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4)
}
