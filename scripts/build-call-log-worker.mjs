// Builds the call-log worker (app/server/call-log.worker.ts) to build/call-log.worker.js, beside
// the server bundle that starts it. Remix's compiler builds one server bundle only; a worker
// thread needs a file of its own. Part of `npm run build`.
import { build } from "esbuild";

await build({
  entryPoints: ["app/server/call-log.worker.ts"],
  outfile: "build/call-log.worker.js",
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
