// ESLint 9 flat config. Prettier owns formatting (`npm run format`); ESLint looks for mistakes only.
// Type-aware rules cost about 30 s of CPU per full run (they build the program, as `tsc` does; 8 s without
// them) and catch what matters most on the server: floating and misused promises, a File read as text.
import comments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { defineConfig, globalIgnores } from "eslint/config";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  globalIgnores(["build/", "public/build/", "node_modules/", "data/", ".cache/", "test-results/"]),
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  // `any` is refused (no-explicit-any); where one is needed, its disable comment must say why after `--`.
  comments.recommended,
  { rules: { "@eslint-community/eslint-comments/require-description": "error" } },
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Remix's way to end a loader or action early is to throw a Response (404, redirect); those are allowed.
      "@typescript-eslint/only-throw-error": [
        "error",
        {
          allow: [
            { from: "lib", name: "Response" },
            { from: "package", package: "@remix-run/server-runtime", name: "TypedResponse" },
          ],
        },
      ],
      // React's and libraries' errors arrive as `unknown` and are passed on as they are (entry.server's onShellError).
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingUnknown: true }],
      // `_name` marks a value left out on purpose (`const { phone: _phone, ...rest } = form`).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // Remix loaders and actions, prisma.config's adapter and the benchmarks' timed callbacks are async by
      // contract, awaiting or not; no-floating-promises and no-misused-promises catch the mistakes that matter.
      "@typescript-eslint/require-await": "off",
      // Untrusted text (file names, redirect targets) is cleaned of control characters on purpose.
      "no-control-regex": "off",
      // `let [start, end] = span` where only `start` moves stays one `let`.
      "prefer-const": ["error", { destructuring: "all" }],
    },
  },
  // Plain JS (server.js, remix.config.js, bench/*.mjs) is outside tsconfig's `include`: lint it without types.
  { files: ["**/*.{js,mjs,cjs}"], ...tseslint.configs.disableTypeChecked },
  { files: ["app/**/*.tsx"], ...jsxA11y.flatConfigs.recommended },
  {
    files: ["app/**/*.tsx"],
    rules: {
      // A scrolling table is a focusable region so keyboard users can scroll it (axe's scrollable-region-focusable).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"] }],
      // Category labels wrap the checkbox and a <span><strong>{label}</strong>…: text three levels down.
      "jsx-a11y/label-has-associated-control": ["error", { depth: 3 }],
      // The only media are recordings a consumer uploads as evidence; no captions exist for them.
      "jsx-a11y/media-has-caption": "off",
    },
  },
  { files: ["app/**/*.tsx"], languageOptions: { globals: { ...globals.browser } } },
  { files: ["app/**/*.{ts,tsx}"], ...reactHooks.configs.flat.recommended },
  prettier,
);
