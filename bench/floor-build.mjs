// The framework's floor for bench/pages.ts: the app's server build cut down to one route with no
// loader, no session, no translations, rendering a trivial page through the same express stack,
// Remix request handler and entry.server. server.js serves it at /__floor only with BENCH_FLOOR=1.
import { Links, Meta, Scripts } from "@remix-run/react";
import { createElement as h } from "react";

export const FLOOR_PATH = "/__floor";

function Floor() {
  return h(
    "html",
    { lang: "en" },
    h("head", null, h("meta", { charSet: "utf-8" }), h(Meta), h(Links)),
    h("body", null, h("main", null, h("h1", null, "Floor"), h("p", null, "A page with no data.")), h(Scripts)),
  );
}

/** @param {import("@remix-run/node").ServerBuild} build */
export function floorBuild(build) {
  const path = FLOOR_PATH.slice(1);
  return {
    ...build,
    routes: { root: { id: "root", parentId: undefined, path, index: undefined, caseSensitive: undefined, module: { default: Floor } } },
    assets: { ...build.assets, routes: { root: { ...build.assets.routes.root, path, hasLoader: false, hasAction: false, hasErrorBoundary: false } } },
  };
}
