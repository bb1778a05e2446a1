import { z } from 'zod';
import { isoTimestamp } from './common';

export const ButtonName = z.enum(['up', 'down', 'mid']);
export type ButtonName = z.infer<typeof ButtonName>;

/** `mapio/display/button`: one press (an event, not retained). */
export const ButtonPress = z.object({ button: ButtonName, at: isoTimestamp });
export type ButtonPress = z.infer<typeof ButtonPress>;

/** The pages DOWN / UP cycle through (CUSTOM only while its picture exists). */
export const PageName = z.enum(['home', 'system', 'webserver', 'status', 'custom']);
export type PageName = z.infer<typeof PageName>;

/** Every screen: the pages, and those that take over (OS update, first boot, a notification). */
export const ViewName = z.enum([...PageName.options, 'ota', 'init', 'notification']);
export type ViewName = z.infer<typeof ViewName>;

/** The longest notification the panel can show (about 6 lines of 25 characters, cut with an ellipsis). */
export const NOTIFICATION_MAX_LENGTH = 1000;

/**
 * `mapio/display/notify/set`: a message to show on the panel until a button is pressed or it
 * times out (Home Assistant's notify entity sends the bare message text).
 */
export const NotificationText = z
  .string()
  .max(NOTIFICATION_MAX_LENGTH)
  .refine((text) => text.trim().length > 0, 'expected a message');

/** `mapio/display/view`: the view the panel shows now. */
export const DisplayView = z.object({ view: ViewName, at: isoTimestamp.optional() });
export type DisplayView = z.infer<typeof DisplayView>;
