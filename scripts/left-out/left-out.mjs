// What the stand-ins in this folder do when called: say what was left out of the bundle, and why.
// conf imports ajv and ajv-formats for its `schema` option and semver for its `migrations` option;
// Headroom passes neither (config.json is checked and migrated by main/core/config), so the
// bundles leave the three out (scripts/node-bundle.mjs).
export function leftOut() {
  throw new Error("conf's schema and migrations options are not supported in this build: ajv and semver are left out of the bundle (scripts/node-bundle.mjs)");
}
