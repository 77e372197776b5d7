// The wasm-bindgen module of the build in use (web, bundler or Node),
// bound once by that build's entry module before anything else runs.
// Internal to the package: not exported to users.

/** The wasm-bindgen module: `Account`, `calc`, `errorCodes`. */
export let native;

/** Every error code of the core, in declaration order (filled by `bind`). */
export const ERROR_CODES = [];

/** Binds the wasm-bindgen module (called once by the entry module). */
export function bind(module) {
  native = module;
  ERROR_CODES.push(...module.errorCodes().split(","));
  Object.freeze(ERROR_CODES);
}
