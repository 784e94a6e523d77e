import { defineConfig } from "vite";

// Tauri serves the built files from ui/dist; the dev server runs on a fixed port Tauri expects.
// Two pages: the cashier window (index.html) and the customer display (display.html), which
// loads no Tauri code at all.
export default defineConfig({
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: "dist",
    target: "es2022",
    emptyOutDir: true,
    rollupOptions: {
      input: {
        main: new URL("index.html", import.meta.url).pathname,
        display: new URL("display.html", import.meta.url).pathname,
      },
    },
  },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
