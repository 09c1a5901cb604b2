// Stands in for ajv and ajv-formats in the bundles (see node-bundle.mjs): conf reaches them only
// for its `schema` option, which Headroom never passes.
const leftOut = () => {
  throw new Error("conf's schema option is not supported in this build: ajv is left out of the bundle (scripts/node-bundle.mjs)");
};

export class Ajv2020 {
  constructor() {
    leftOut();
  }
}

export default leftOut;
