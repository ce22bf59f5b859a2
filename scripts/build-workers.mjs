// Builds each worker thread (app/server/*.worker.ts) to build/<name>.worker.js, beside the server
// bundle that starts it. Remix's compiler builds one server bundle only; a worker thread needs a
// file of its own. Part of `npm run build`.
import { build } from "esbuild";
import fs from "node:fs";

const workers = fs.readdirSync("app/server").filter((name) => name.endsWith(".worker.ts"));

await build({
  entryPoints: workers.map((name) => `app/server/${name}`),
  outdir: "build",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  plugins: [
    {
      // Packages load from node_modules, as the server bundle's do; the app's own `~/` modules are bundled.
      name: "packages-external",
      setup: (esbuild) => esbuild.onResolve({ filter: /^[^.~/]/ }, (args) => (args.kind === "entry-point" ? undefined : { external: true })),
    },
  ],
});
