import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Lint for the whole repository (docs/decisions/022-lint-boundaries-access-rule.md): typescript-eslint's
 * strict rules, React's hooks rules, jsx-a11y, and the import boundaries between the layers.
 * `npm run lint` fails on any warning.
 */

/** Import paths, as written: the `~/` alias or relative (the paths below match both spellings). */
const up = (folder) => `^(~/|(\\.\\./)+|\\./)${folder}/`;

/** The staff console and the routes sit on top: nothing below them imports from them. */
const aboveTheDomain = [
  { regex: up("staff"), message: "Only app/staff and app/routes may import from the staff console." },
  { regex: up("routes"), message: "Routes are HTTP adapters: nothing imports from them." },
];

/**
 * The engine's public surface for an e-service (app/e-services/<id>/): its definition types, the
 * answers and journey, the pages an e-service draws or hands on to, drafts and submissions, and
 * pg-boss for its jobs. Everything else in the engine, the queue, Mina sidor and the staff
 * console is out of reach, and another e-service's folder too.
 */
const ENGINE_PUBLIC = [
  "definition",
  "fields",
  "journey",
  "view",
  "step-url",
  "entry-page",
  "reference",
  "errand-contact",
  "typed-answers",
  "drafts\\.server",
  "submissions\\.server",
  "receipt\\.server",
  "ui/[^/]+",
];
/** The registry's module contract (e-services/module, module.server) is the one shared piece of e-services/. */
const otherServices = {
  regex: "^~/(my-pages/|e-services/(?!module(\\.server)?$))",
  message: "An e-service does not reach into Mina sidor or another e-service.",
};
/**
 * What a service's own console pages (app/e-services/<id>/staff/ and the route modules in its
 * routes/) may use of the staff console (docs/decisions/024): the guard that checks the area and
 * names the actor, the table of who may use what, and the console's formatting. The rest of the
 * console is its own business, and the rest of the service folder uses none of it.
 */
const STAFF_PUBLIC = ["guard\\.server", "access", "ui/format"];
const staffPublicOnly = {
  regex: `^~/staff/(?!(${STAFF_PUBLIC.join("|")})$)`,
  message:
    "A service's console pages import only the staff console's public surface (STAFF_PUBLIC in eslint.config.js).",
};
/** The service's own console pages and routes sit on top of it, as the staff console does. */
const ownConsole = {
  regex: "^\\./(staff|routes)/",
  message: "A service's domain does not import its own console pages or routes: they sit on top of it.",
};
const eServiceBoundaries = [
  ...aboveTheDomain,
  {
    regex: `^~/intake/(?!(${ENGINE_PUBLIC.join("|")})$)`,
    message: "An e-service imports only the engine's public surface (ENGINE_PUBLIC in eslint.config.js).",
    // The step page's data type is the engine's contract with a custom step's component.
    allowTypeImports: true,
  },
  {
    regex: "^~/queue/(?!boss\\.server$)",
    message: "An e-service uses pg-boss (queue/boss.server), not the queue's internals.",
  },
  otherServices,
  ownConsole,
  { regex: "^\\.\\./", message: "An e-service imports its own folder by ./ and the rest of app by ~/." },
];

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "public/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // With noUncheckedIndexedAccess, `!` marks an index the code has just made sure of (a regex
      // group that matched, the row an insert returned); tsc checks the rest.
      "@typescript-eslint/no-non-null-assertion": "off",
      // `_`-prefixed names are deliberately unused (a destructured field left out of a copy).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // A table that scrolls sideways is a labelled region a keyboard user must reach to scroll
      // (WCAG 2.1.1; axe's scrollable-region-focusable).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { roles: ["tabpanel", "region"] }],
    },
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/staff/**", "app/routes/**"],
    rules: { "no-restricted-imports": ["error", { patterns: aboveTheDomain }] },
  },
  {
    files: ["app/routes/**", "app/staff/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [aboveTheDomain[1]] }] },
  },
  {
    files: ["app/e-services/*/**/*.{ts,tsx}"],
    ignores: ["app/e-services/*/routes/**", "app/e-services/*/staff/**", "app/e-services/*/cli/**"],
    rules: { "no-restricted-imports": ["error", { patterns: eServiceBoundaries }] },
  },
  {
    // A service's own routes are HTTP adapters like app/routes, and its console pages are part of
    // the staff console: both reach their service's folder by ../ (never further up), no other
    // service, and of the console only its public surface.
    files: ["app/e-services/*/routes/**", "app/e-services/*/staff/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            aboveTheDomain[1],
            otherServices,
            staffPublicOnly,
            { regex: "^(\\.\\./){2,}", message: "A service's pages reach the rest of app by ~/." },
          ],
        },
      ],
    },
  },
  {
    // A service's command-line tools (cli/, built to build/cli/ as app/cli's are) are adapters for
    // the operator: they reach their service's folder by ../ and nothing of the console or routes.
    files: ["app/e-services/*/cli/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...aboveTheDomain,
            otherServices,
            { regex: "^(\\.\\./){2,}", message: "A service's tools reach the rest of app by ~/." },
          ],
        },
      ],
    },
  },
);
