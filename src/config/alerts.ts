/** `alerts.yaml`: admin recipients of risk alerts and of the digest, the alert level, the batching. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlFile } from './yaml-file.ts';

const alertsSchema = z.strictObject({
  recipients: z.array(z.email()).default([]),
  alertLevel: z.enum(['low', 'medium', 'high']).default('high'),
  batchMinutes: z.number().int().min(1).max(1440).default(15),
});

export type AlertsConfig = z.infer<typeof alertsSchema>;

export function loadAlertsConfig(configDir: string): AlertsConfig {
  const file = join(configDir, 'alerts.yaml');
  return existsSync(file) ? readYamlFile(file, alertsSchema) : alertsSchema.parse({});
}
