/**
 * The JSON schema conf / electron-store check config.json against. Field-level rules live in
 * main/api/validate.ts (shared with the window's calls); repair.ts applies them before opening.
 */
export const CONFIG_SCHEMA = {
  configVersion: { type: 'integer', minimum: 1 },
  settings: {
    type: 'object',
    properties: {
      pollIntervalSec: { type: 'integer', minimum: 10 },
      parallelism: { type: 'integer', minimum: 1 },
      alerts: { type: 'object' },
      badgeMode: { enum: ['worst', 'total', 'pinned'] },
      pinnedAccountId: { type: ['string', 'null'] },
      launchAtLogin: { type: 'boolean' },
      theme: { enum: ['system', 'light', 'dark'] },
    },
  },
  accounts: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'provider', 'label', 'fields', 'enabled', 'createdAt', 'updatedAt'],
      properties: {
        id: { type: 'string' },
        provider: { enum: ['retell', 'vobiz', 'puretalk', 'ultravox'] },
        label: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' } },
        baseUrl: { type: 'string' },
        enabled: { type: 'boolean' },
        pollIntervalSec: { type: 'integer', minimum: 10 },
        alerts: { type: 'object' },
        demo: { type: 'boolean' },
        createdAt: { type: 'string' },
        updatedAt: { type: 'string' },
      },
    },
  },
} as const;
