import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import type { Plugin } from 'vite'

// Writes m/sw.js at build time: the service worker template with the list of files the phone pages need (their
// page, scripts, styles, manifest and icons) and a version made from those files' names. A new build changes the
// list, so the browser installs the new worker and the phone keeps exactly one set of files.

interface Options {
  /** The phone pages' HTML entry, as in rollupOptions.input. */
  entry: string
  /** The service worker's source, plain JavaScript with a __PRECACHE__ placeholder. */
  template: string
  /** Other files of the bundle the phone pages use without importing them (the icon font). */
  alsoKeep?: RegExp
}

const STATIC_FILES = ['/m/manifest.json', '/m/icon-192.png', '/m/icon-512.png']

export function phoneServiceWorker(options: Options): Plugin {
  return {
    name: 'kcbx-phone-service-worker',
    apply: 'build',
    generateBundle(_output, bundle) {
      const files = new Set<string>(STATIC_FILES)
      const visit = (fileName: string) => {
        const item = bundle[fileName]
        if (!item || files.has('/' + fileName)) return
        files.add('/' + fileName)
        if (item.type === 'chunk') {
          item.imports.forEach(visit)
          const meta = (item as { viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> } }).viteMetadata
          meta?.importedCss.forEach((css) => files.add('/' + css))
          meta?.importedAssets.forEach((asset) => files.add('/' + asset))
        }
      }
      const entry = Object.values(bundle).find(
        (item) => item.type === 'chunk' && item.isEntry && item.facadeModuleId?.endsWith(options.entry))
      if (!entry) this.error(`phone entry ${options.entry} not found in the bundle`)
      visit(entry!.fileName)
      Object.keys(bundle).filter((name) => options.alsoKeep?.test(name)).forEach((name) => files.add('/' + name))
      const precache = ['/m/', ...[...files].sort()]
      const version = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 12)
      const source = readFileSync(options.template, 'utf8')
        .replace('__PRECACHE__', JSON.stringify(precache))
        .replace('__VERSION__', JSON.stringify(version))
      this.emitFile({ type: 'asset', fileName: 'm/sw.js', source })
    },
  }
}
