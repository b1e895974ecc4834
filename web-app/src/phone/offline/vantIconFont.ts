import { createHash } from 'node:crypto'
import type { Plugin } from 'vite'

// Vant's icon font comes inline in its CSS (a 34 KB base64 woff2) with a fallback on a CDN. Inline, every phone
// downloads it before the first page can show, though the sign-in page has no icon; and a county intranet has no CDN.
// So the font becomes a file of its own, fetched when an icon is first drawn (and kept by the service worker), and
// the CDN fallback goes.

const INLINE_FONT = /url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\)/
const CDN_FALLBACK = /,url\(\/\/at\.alicdn\.com[^)]*\) format\("woff"\)/g

export function vantIconFontAsFile(): Plugin {
  let font: { fileName: string; bytes: Uint8Array } | null = null
  let building = false
  return {
    name: 'kcbx-vant-icon-font-as-file',
    enforce: 'pre',
    configResolved(config) {
      building = config.command === 'build'
    },
    transform(code, id) {
      if (!/vant[\\/]es[\\/]icon[\\/]index\.css$/.test(id)) return null
      let css = code.replace(CDN_FALLBACK, '')
      const inline = INLINE_FONT.exec(css)
      if (building && inline) {
        const bytes = Uint8Array.from(atob(inline[1]), (c) => c.charCodeAt(0))
        const hash = createHash('sha256').update(inline[1]).digest('hex').slice(0, 8)
        font = { fileName: `assets/vant-icon-${hash}.woff2`, bytes }
        css = css.replace(INLINE_FONT, `url(/${font.fileName}) format("woff2")`)
      }
      return css
    },
    generateBundle() {
      if (font) this.emitFile({ type: 'asset', fileName: font.fileName, source: font.bytes })
    },
  }
}
