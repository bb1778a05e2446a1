import { z } from 'zod';
import { isoTimestamp } from './common';

export const ButtonName = z.enum(['up', 'down', 'mid']);
export type ButtonName = z.infer<typeof ButtonName>;

/** `mapio/display/button`: one press (an event, not retained). */
export const ButtonPress = z.object({ button: ButtonName, at: isoTimestamp });
export type ButtonPress = z.infer<typeof ButtonPress>;

export const ViewName = z.enum(['home', 'system', 'webserver', 'status', 'custom', 'ota', 'init']);
export type ViewName = z.infer<typeof ViewName>;

/** `mapio/display/view`: the view the panel shows now. */
export const DisplayView = z.object({ view: ViewName, at: isoTimestamp.optional() });
export type DisplayView = z.infer<typeof DisplayView>;
