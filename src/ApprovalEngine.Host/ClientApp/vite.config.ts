/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath, URL } from 'node:url'

// One project, two entries: index.html is the office (staff) front end; applicant.html the applicant's mobile pages
// (Vant, routes under /service), sharing src/api, locales and utils.
export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    rollupOptions: { input: { index: fileURLToPath(new URL('./index.html', import.meta.url)), applicant: fileURLToPath(new URL('./applicant.html', import.meta.url)) } },
  },
  server: {
    port: 5173,
    // `npm run dev` against a host on :5080 (dotnet run): the API, Studio and health stay on the host.
    proxy: Object.fromEntries(['/api', '/elsa', '/health'].map((p) => [p, 'http://127.0.0.1:5080'])),
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.spec.ts'],
  },
})
