/**
 * Optional `branding.yaml`: product name, brand colour and a logo file served by Vigil itself
 * (no external assets at run time).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { Brand } from '../http/render.ts';
import { ConfigError } from './config-error.ts';
import { readYamlFile } from './yaml-file.ts';

const brandingSchema = z.strictObject({
  productName: z.string().min(1).max(60).default('Vigil'),
  primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f5fbf').optional(),
  logo: z.string().regex(/\.(png|svg)$/, 'must be a .png or .svg file').optional(),
});

export function loadBranding(configDir: string): Brand {
  const file = join(configDir, 'branding.yaml');
  if (!existsSync(file)) return { productName: 'Vigil' };
  const branding = readYamlFile(file, brandingSchema);
  let logoPath: string | undefined;
  if (branding.logo) {
    logoPath = isAbsolute(branding.logo) ? branding.logo : join(configDir, branding.logo);
    if (!existsSync(logoPath)) throw new ConfigError(file, 'logo', `file ${logoPath} not found`);
  }
  return { productName: branding.productName, primaryColor: branding.primaryColor, logoPath };
}
