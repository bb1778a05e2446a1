import { z } from 'zod';

/**
 * A Home Assistant MQTT discovery config (`<prefix>/<component>/<node_id>/<object_id>/config`).
 * gpio-ha and display publish these; an empty retained message (`null`) removes the entity.
 * Only what every config of ours carries is required here; each component's own fields are checked
 * by the daemon that builds them.
 */
export const DiscoveryConfig = z
  .looseObject({
    device: z.looseObject({
      identifiers: z.array(z.string().min(1)).min(1),
    }),
  })
  .nullable();
export type DiscoveryConfig = z.infer<typeof DiscoveryConfig>;

export const HomeAssistantComponent = z.enum([
  'binary_sensor',
  'button',
  'device_automation',
  'light',
  'sensor',
  'switch',
]);
export type HomeAssistantComponent = z.infer<typeof HomeAssistantComponent>;
