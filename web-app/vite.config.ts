import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// The pages are built into the web-app jar (META-INF/resources, served by the case service at /).
// `npm run dev` serves them with hot reload and sends /api to a running product (./run.sh): the case service on
// 8080 routes the read-side paths on to the query service itself, so one origin is all the pages ever call.
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'target/classes/META-INF/resources',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
})
