import { defineConfig } from "vite";

// Tauri serves the built files from ui/dist; the dev server runs on a fixed port Tauri expects.
export default defineConfig({
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { outDir: "dist", target: "es2022", emptyOutDir: true },
  test: { environment: "node" },
});
