/**
 * A saved secret was entered for one host. Changing an account's base URL to another host must never
 * send that secret there silently: the person enters it again. The account service enforces this (for
 * the window and the CLI alike); the edit form shows it beside the secret fields before saving.
 */

/** Where a base URL sends requests (scheme, host and port); null when it is no URL. */
export function originOf(baseUrl: string): string | null {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return null;
  }
}

/** The host part shown to people ("api.example.com:8443"), or the text itself when it is no URL. */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/**
 * Whether moving from one effective base URL to another (each the account's own or its provider's
 * default) needs the secrets entered again: any change of scheme, host or port does.
 */
export function secretsMustBeReentered(savedBaseUrl: string, nextBaseUrl: string): boolean {
  return originOf(savedBaseUrl) !== originOf(nextBaseUrl) || originOf(nextBaseUrl) === null;
}

/** "enter the API key again: …", for a field error beside the secret input or a message naming it. */
export function reenterSecretText(fieldLabel: string, nextBaseUrl: string): string {
  return `enter the ${fieldLabel} again: the base URL now points to another host (${hostOf(nextBaseUrl)}), and a saved secret is never sent to a new host`;
}
