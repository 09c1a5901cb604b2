declare const __HEADROOM_VERSION__: string | undefined;

/** The app version, injected by the build; tests and tsx runs read it from package.json. */
export const VERSION: string =
  typeof __HEADROOM_VERSION__ === 'string' ? __HEADROOM_VERSION__ : process.env.npm_package_version ?? '0.0.0-dev';
